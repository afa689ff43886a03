package io.outrider.dedup.spring;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.IncidentStatus;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incidents: {@code GET /api/incidents?status=&size=}, {@code GET /api/incidents/{id}},
 * {@code POST /api/incidents/{id}/status?to=acknowledged|mitigated|resolved|triggered&by=alice},
 * {@code POST /api/incidents/{id}/merge?into=ID&by=alice}, {@code GET /api/incidents/{id}/similar?k=5},
 * {@code POST /api/incidents/{id}/notes} (the note as the body), {@code POST /api/incidents/{id}/assign?to=bob},
 * {@code POST /api/incidents/{id}/snooze?for=PT1H}. The one who acts is the signed-in user when there is one (the
 * console, an API token), else {@code by}.
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
    public ResponseEntity<Object> status(
            @PathVariable String id,
            @RequestParam String to,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user) {
        IncidentStatus next = parse(to);
        if (next == null || next == IncidentStatus.MERGED)
            return error(
                    HttpStatus.BAD_REQUEST,
                    "to must be acknowledged, mitigated, resolved or triggered (merge: POST .../merge)");
        String actor = actor(user, by);
        if (actor.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.transition(id, next, actor));
    }

    @PostMapping("/{id}/merge")
    public ResponseEntity<Object> merge(
            @PathVariable String id,
            @RequestParam String into,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user) {
        if (id.equals(into)) return error(HttpStatus.BAD_REQUEST, "an incident cannot be merged into itself");
        String actor = actor(user, by);
        if (actor.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.merge(id, into, actor));
    }

    /** Splits the named alerts (fingerprints) off into a new incident, which is returned. */
    @PostMapping("/{id}/split")
    public ResponseEntity<Object> split(
            @PathVariable String id,
            @RequestParam List<String> alerts,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user) {
        java.util.Set<String> fingerprints = new java.util.TreeSet<>();
        for (String a : alerts) if (!a.isBlank()) fingerprints.add(a.strip());
        if (fingerprints.isEmpty())
            return error(HttpStatus.BAD_REQUEST, "alerts: the fingerprints to split off, comma-separated");
        String actor = actor(user, by);
        if (actor.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.split(id, fingerprints, actor).split());
    }

    /** Adds a note (the request body, plain text, at most 4,000 characters) to the timeline. */
    @PostMapping("/{id}/notes")
    public ResponseEntity<Object> note(
            @PathVariable String id,
            @RequestBody(required = false) @Nullable String text,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user) {
        if (text == null || text.isBlank()) return error(HttpStatus.BAD_REQUEST, "the note (request body) is empty");
        if (text.length() > 4000) return error(HttpStatus.BAD_REQUEST, "the note is longer than 4,000 characters");
        String actor = actor(user, by);
        if (actor.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.note(id, text, actor));
    }

    /** Assigns the incident to a user, who then owns it; ends a snooze. */
    @PostMapping("/{id}/assign")
    public ResponseEntity<Object> assign(
            @PathVariable String id,
            @RequestParam String to,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user) {
        String actor = actor(user, by);
        if (actor.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        if (to.isBlank()) return error(HttpStatus.BAD_REQUEST, "to: the user to assign it to");
        return changing(() -> incidents.assign(id, to.strip(), actor));
    }

    /**
     * Snoozes an acknowledged incident for an ISO-8601 duration (PT1H, PT4H, PT8H, PT24H; at most 7 days): then it
     * is triggered again.
     */
    @PostMapping("/{id}/snooze")
    public ResponseEntity<Object> snooze(
            @PathVariable String id,
            @RequestParam("for") String length,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user) {
        Duration duration;
        try {
            duration = Duration.parse(length);
        } catch (java.time.format.DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "for must be an ISO-8601 duration such as PT1H or PT4H: " + length);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0)
            return error(HttpStatus.BAD_REQUEST, "for must be more than zero and at most 7 days (P7D)");
        String actor = actor(user, by);
        if (actor.isBlank()) return error(HttpStatus.BAD_REQUEST, "by: who does it");
        return changing(() -> incidents.snooze(id, duration, actor));
    }

    /** Who acts: the signed-in user, else the {@code by} the caller names (when the server runs without login). */
    private static String actor(@Nullable Principal user, String by) {
        return user != null ? user.getName() : by.strip();
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
