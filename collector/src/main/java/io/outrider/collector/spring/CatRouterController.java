package io.outrider.collector.spring;

import io.outrider.collector.cat.server.CatRouter;
import io.outrider.collector.cat.server.CatTcpServer;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /cat/s/router?domain=&ip=&op=json|xml|api}: where CAT clients should send. */
@RestController
class CatRouterController {

    private final CollectorProperties.Cat settings;
    private final CatTcpServer server;

    CatRouterController(CollectorProperties.Cat settings, CatTcpServer server) {
        this.settings = settings;
        this.server = server;
    }

    @GetMapping("/cat/s/router")
    ResponseEntity<?> router(
            @RequestParam(required = false) String domain,
            @RequestParam(required = false) String ip,
            @RequestParam(defaultValue = "json") String op) {
        List<String> collectors =
                settings.routers().isEmpty() ? List.of(advertised() + ":" + server.port()) : settings.routers();
        return switch (op) {
            case "json" ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(CatRouter.json(collectors));
            case "xml" ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(CatRouter.xml(collectors));
            case "api" -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(CatRouter.routers(collectors));
            default ->
                ResponseEntity.badRequest().body(java.util.Map.of("error", "op must be json, xml or api: " + op));
        };
    }

    /** The address clients can reach: the bind address, or loopback when bound to all interfaces. */
    private String advertised() {
        String bind = settings.bindAddress();
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }
}
