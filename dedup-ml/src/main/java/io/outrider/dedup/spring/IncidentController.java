package io.outrider.dedup.spring;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.IncidentStatus;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incidents: {@code GET /api/incidents?status=&size=}, {@code GET /api/incidents/{id}},
 * {@code POST /api/incidents/{id}/status?to=acknowledged|mitigated|resolved|triggered&by=alice},
 * {@code POST /api/incidents/{id}/merge?into=ID&by=alice}, {@code GET /api/incidents/{id}/similar?k=5}.
 */
@RestController
@RequestMapping("/api/incidents")
public class IncidentController {

    private final IncidentService incidents;

    IncidentController(IncidentService incidents) {
        this.incidents = incidents;
    }

    @GetMapping
    public ResponseEntity<Object> list(
            @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 1000) return error(HttpStatus.BAD_REQUEST, "size must be between 1 and 1000");
        if (!status.isEmpty() && parse(status) == null)
            return error(HttpStatus.BAD_REQUEST, "status must be one of " + statuses());
        return reading(() -> {
            List<Incident> list = incidents.store().latest(status, size);
            return ResponseEntity.ok(
                    Map.of("incidents", list.stream().map(IncidentJson::toNode).toList()));
        });
    }

    @GetMapping("/{id}")
    public ResponseEntity<Object> one(@PathVariable String id) {
        return reading(() -> incidents
                .find(id)
                .<ResponseEntity<Object>>map(i -> ResponseEntity.ok(IncidentJson.toNode(i)))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no incident " + id + "; GET /api/incidents lists them")));
    }

    /** The incidents most like this one (stored ones, open or not), for the console and postmortems. */
    @GetMapping("/{id}/similar")
    public ResponseEntity<Object> similar(@PathVariable String id, @RequestParam(defaultValue = "5") int k) {
        if (k < 1 || k > 50) return error(HttpStatus.BAD_REQUEST, "k must be between 1 and 50");
        return reading(() -> {
            var query = incidents.find(id);
            if (query.isEmpty()) return error(HttpStatus.NOT_FOUND, "no incident " + id);
            var matches = io.outrider.dedup.similar.SimilarIncidents.find(
                    query.get(), incidents.store().latest("", 1000), k);
            return ResponseEntity.ok(Map.of(
                    "similar",
                    matches.stream()
                            .map(m -> Map.of(
                                    "id", m.incident().id(),
                                    "similarity", Math.round(m.similarity() * 1000) / 1000.0,
                                    "status", m.incident().status().wire(),
                                    "unit", m.incident().unit(),
                                    "services", m.incident().services(),
                                    "openedAt", m.incident().openedAt().toString()))
                            .toList()));
        });
    }

    @PostMapping("/{id}/status")
    public ResponseEntity<Object> status(@PathVariable String id, @RequestParam String to, @RequestParam String by) {
        IncidentStatus next = parse(to);
        if (next == null || next == IncidentStatus.MERGED)
            return error(
                    HttpStatus.BAD_REQUEST,
                    "to must be acknowledged, mitigated, resolved or triggered (merge: POST .../merge)");
        if (by.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.transition(id, next, by));
    }

    @PostMapping("/{id}/merge")
    public ResponseEntity<Object> merge(@PathVariable String id, @RequestParam String into, @RequestParam String by) {
        if (id.equals(into)) return error(HttpStatus.BAD_REQUEST, "an incident cannot be merged into itself");
        return changing(() -> incidents.merge(id, into, by));
    }

    /** Splits the named alerts (fingerprints) off into a new incident, which is returned. */
    @PostMapping("/{id}/split")
    public ResponseEntity<Object> split(
            @PathVariable String id, @RequestParam List<String> alerts, @RequestParam String by) {
        java.util.Set<String> fingerprints = new java.util.TreeSet<>();
        for (String a : alerts) if (!a.isBlank()) fingerprints.add(a.strip());
        if (fingerprints.isEmpty())
            return error(HttpStatus.BAD_REQUEST, "alerts: the fingerprints to split off, comma-separated");
        if (by.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.split(id, fingerprints, by).split());
    }

    private interface Read {
        ResponseEntity<Object> answer() throws IOException;
    }

    private interface Change {
        Incident apply() throws IOException;
    }

    /** A read of the store: 503 when Elasticsearch does not answer. */
    private static ResponseEntity<Object> reading(Read read) {
        try {
            return read.answer();
        } catch (IOException | RuntimeException e) {
            return error(
                    HttpStatus.SERVICE_UNAVAILABLE, "Elasticsearch did not answer (" + e.getMessage() + "); try again");
        }
    }

    /** A change of an incident: 404 unknown, 409 not allowed by the lifecycle, 503 not stored. */
    private static ResponseEntity<Object> changing(Change change) {
        try {
            return ResponseEntity.ok(IncidentJson.toNode(change.apply()));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.NOT_FOUND, String.valueOf(e.getMessage()));
        } catch (IllegalStateException e) {
            return error(HttpStatus.CONFLICT, String.valueOf(e.getMessage()));
        } catch (IOException e) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "not stored (" + e.getMessage() + "); try again");
        }
    }

    private static @Nullable IncidentStatus parse(String text) {
        try {
            return IncidentStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> statuses() {
        return java.util.Arrays.stream(IncidentStatus.values())
                .map(IncidentStatus::wire)
                .toList();
    }

    private static ResponseEntity<Object> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
