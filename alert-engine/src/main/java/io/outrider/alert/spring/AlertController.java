package io.outrider.alert.spring;

import io.outrider.alert.alertmanager.AlertmanagerWebhook;
import io.outrider.alert.eval.AlertEngine;
import io.outrider.alert.store.AlertHistory;
import io.outrider.core.alert.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alerts: those the engine tracks now ({@code GET /api/alerts}), the stored history
 * ({@code GET /api/alerts/history}), and the receiver of Alertmanager's webhook
 * ({@code POST /api/alertmanager/webhook}).
 */
@RestController
@RequestMapping("/api")
public class AlertController {

    static final int MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

    private final AlertEngine engine;
    private final AlertHistory history;
    private final AlertPublisher publisher;
    private final Clock clock;

    AlertController(AlertEngine engine, AlertHistory history, AlertPublisher publisher, Clock clock) {
        this.engine = engine;
        this.history = history;
        this.publisher = publisher;
        this.clock = clock;
    }

    @GetMapping("/alerts")
    public Map<String, Object> tracked() {
        List<Map<String, Object>> alerts = engine.tracked().stream()
                .map(t -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("fingerprint", Fingerprint.of(t.labels()));
                    a.put("rule", t.rule());
                    a.put("labels", t.labels());
                    a.put("phase", t.phase().name().toLowerCase(java.util.Locale.ROOT));
                    a.put(
                            "firingSince",
                            t.firingSince() == null ? null : t.firingSince().toString());
                    a.put("observed", finite(t.last().observed()));
                    a.put("expected", finite(t.last().expected()));
                    a.put("detail", t.last().detail());
                    a.put("mutedBy", t.mutedBy());
                    a.put("flapping", t.flapping());
                    a.put("published", t.published());
                    return a;
                })
                .toList();
        return Map.of("alerts", alerts);
    }

    private static @Nullable Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * Stored alert occurrences, newest first.
     *
     * @param label {@code name=value} filters on labels, e.g. {@code service=order-service}
     */
    @GetMapping("/alerts/history")
    public ResponseEntity<Map<String, Object>> history(
            @RequestParam(required = false) @Nullable List<String> label,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "24h") String since,
            @RequestParam(defaultValue = "100") int size) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String filter : label == null ? List.<String>of() : label) {
            int eq = filter.indexOf('=');
            if (eq <= 0) return bad("label filters are name=value, e.g. label=service=order-service; got " + filter);
            labels.put(filter.substring(0, eq), filter.substring(eq + 1));
        }
        Duration window = io.outrider.alert.rule.RuleFiles.duration(since);
        if (window == null) return bad("since must be a duration such as 30m, 24h or 7d; got " + since);
        if (size < 1 || size > 1000) return bad("size must be between 1 and 1000");
        if (status != null && !status.equals("firing") && !status.equals("resolved"))
            return bad("status must be firing or resolved");
        try {
            return ResponseEntity.ok(Map.of(
                    "alerts", history.search(labels, status, clock.instant().minus(window), size)));
        } catch (IOException | RuntimeException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "Elasticsearch did not answer (" + e.getMessage() + "); try again shortly"));
        }
    }

    /** Alertmanager's webhook: {@code webhook_configs: [{url: http://outrider:8080/api/alertmanager/webhook}]}. */
    @PostMapping("/alertmanager/webhook")
    public ResponseEntity<Map<String, Object>> alertmanager(InputStream body) throws IOException {
        AlertmanagerWebhook.Received received;
        try {
            received = AlertmanagerWebhook.read(Bodies.read(body, MAX_WEBHOOK_BYTES));
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        try {
            publisher.publishAllAndWait(received.alerts());
        } catch (AlertPublisher.KafkaUnreachable e) {
            // nothing is lost: Alertmanager sends the group again when its webhook fails
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "10")
                    .body(Map.of("error", String.valueOf(e.getMessage()) + "; Alertmanager will send again"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", received.alerts().size());
        answer.put("rejected", received.rejected());
        return ResponseEntity.ok(answer);
    }

    static ResponseEntity<Map<String, Object>> bad(@Nullable String message) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(message)));
    }
}
