package io.outrider.topology.spring;

import io.outrider.topology.trace.TraceAssembler;
import io.outrider.topology.trace.TraceStore;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/traces/{traceId}}: one request across services, rebuilt from its stored trees;
 * {@code GET /api/messages/{messageId}/trace}: the request a message belongs to.
 */
@RestController
class TraceController {

    private final TraceStore store;

    TraceController(TraceStore store) {
        this.store = store;
    }

    @GetMapping("/api/traces/{traceId}")
    ResponseEntity<?> trace(@PathVariable String traceId) throws IOException {
        var trees = store.trees(traceId);
        if (trees.isEmpty())
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no stored tree has trace id " + traceId));
        return ResponseEntity.ok(TraceAssembler.assemble(traceId, trees));
    }

    @GetMapping("/api/messages/{messageId}/trace")
    ResponseEntity<?> traceOfMessage(@PathVariable String messageId) throws IOException {
        var traceId = store.traceIdOf(messageId);
        if (traceId.isEmpty())
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no stored tree has message id " + messageId));
        return trace(traceId.get());
    }
}
