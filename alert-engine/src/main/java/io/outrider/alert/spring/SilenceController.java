package io.outrider.alert.spring;

import io.outrider.alert.silence.LabelMatcher;
import io.outrider.alert.silence.Silence;
import io.outrider.alert.store.SilenceStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Silences: {@code GET /api/silences}, {@code POST /api/silences}
 * {@code {"matchers": ["service=\"order-service\""], "startsAt"?, "endsAt" | "duration": "2h", "createdBy",
 * "comment"}}, {@code DELETE /api/silences/{id}} (ends it now).
 */
@RestController
@RequestMapping("/api/silences")
public class SilenceController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS =
            Set.of("matchers", "startsAt", "endsAt", "duration", "createdBy", "comment");

    private final SilenceStore store;
    private final Clock clock;

    SilenceController(SilenceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GetMapping
    public ResponseEntity<Map<String, Object>> all() {
        try {
            Instant now = clock.instant();
            return ResponseEntity.ok(Map.of(
                    "silences", store.all().stream().map(s -> view(s, now)).toList()));
        } catch (IOException | RuntimeException e) {
            return unavailable(e);
        }
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(InputStream body, java.security.@Nullable Principal user)
            throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(Bodies.read(body, 64 * 1024));
        } catch (JacksonException e) {
            return AlertController.bad("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) return AlertController.bad("the body must be a JSON object");
        for (String field : node.propertyNames())
            if (!FIELDS.contains(field))
                return AlertController.bad("unknown field " + field + "; the fields are "
                        + FIELDS.stream().sorted().toList());
        try {
            List<LabelMatcher> matchers = new ArrayList<>();
            JsonNode list = node.get("matchers");
            if (list == null || !list.isArray() || list.isEmpty())
                throw new IllegalArgumentException(
                        "matchers: a list of at least one matcher such as service=\"order-service\"");
            for (JsonNode m : list) matchers.add(LabelMatcher.parse(m.asString("")));
            Instant now = clock.instant();
            Instant startsAt = node.hasNonNull("startsAt") ? time(node, "startsAt") : now;
            Instant endsAt;
            if (node.hasNonNull("endsAt")) endsAt = time(node, "endsAt");
            else if (node.hasNonNull("duration")) {
                Duration d = io.outrider.alert.rule.RuleFiles.duration(
                        node.get("duration").asString(""));
                if (d == null) throw new IllegalArgumentException("duration must be such as 30m, 2h or 1d");
                endsAt = startsAt.plus(d);
            } else throw new IllegalArgumentException("give endsAt or duration");
            if (!endsAt.isAfter(now)) throw new IllegalArgumentException("endsAt is in the past");
            // the signed-in user when there is one (the console, an API token), else who the body names
            String createdBy = user != null
                    ? user.getName()
                    : node.hasNonNull("createdBy") ? node.get("createdBy").asString("") : "";
            String comment = node.hasNonNull("comment") ? node.get("comment").asString("") : "";
            if (comment.isBlank())
                throw new IllegalArgumentException("comment: say why (people will read it beside the muted alerts)");
            Silence silence = store.create(matchers, startsAt, endsAt, createdBy, comment);
            return ResponseEntity.status(HttpStatus.CREATED).body(view(silence, now));
        } catch (IllegalArgumentException e) {
            return AlertController.bad(e.getMessage());
        } catch (IOException | RuntimeException e) {
            return unavailable(e);
        }
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Map<String, Object>> expire(@PathVariable String id) {
        try {
            return store.expire(id)
                    .map(s -> ResponseEntity.ok(view(s, clock.instant())))
                    .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                            .body(Map.of("error", "no silence " + id + "; GET /api/silences lists them")));
        } catch (IOException | RuntimeException e) {
            return unavailable(e);
        }
    }

    private static Instant time(JsonNode node, String field) {
        try {
            return java.time.OffsetDateTime.parse(node.get(field).asString("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an RFC 3339 time such as 2026-11-24T18:00:00Z");
        }
    }

    static Map<String, Object> view(Silence s, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("matchers", s.matchers().stream().map(Object::toString).toList());
        v.put("startsAt", s.startsAt().toString());
        v.put("endsAt", s.endsAt().toString());
        v.put("createdBy", s.createdBy());
        v.put("comment", s.comment());
        v.put("state", s.active(now) ? "active" : now.isBefore(s.startsAt()) ? "pending" : "expired");
        return v;
    }

    private static ResponseEntity<Map<String, Object>> unavailable(Exception e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "Elasticsearch did not answer (" + e.getMessage() + "); try again shortly"));
    }
}
