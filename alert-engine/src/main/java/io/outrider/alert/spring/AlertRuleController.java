package io.outrider.alert.spring;

import io.outrider.alert.eval.AlertEngine;
import io.outrider.alert.eval.Observation;
import io.outrider.alert.rule.Rule;
import io.outrider.alert.rule.RuleCatalog;
import io.outrider.alert.rule.RuleFiles;
import io.outrider.infra.yaml.YamlError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rules in force and what is wrong in the rule files ({@code GET /api/alert-rules}); rules created, replaced
 * and deleted through the API ({@code PUT} / {@code DELETE /api/alert-rules/{name}}, the body one rule in YAML or
 * JSON, as one item of a file's {@code rules} list). Errors name the line and the field. {@code POST
 * /api/alert-rules/{name}/preview} with the same body shows, without keeping the rule, what it would select and
 * where it would hold on the last closed window.
 */
@RestController
@RequestMapping("/api/alert-rules")
public class AlertRuleController {

    private final RuleCatalog catalog;
    private final AlertEngine engine;

    AlertRuleController(RuleCatalog catalog, AlertEngine engine) {
        this.catalog = catalog;
        this.engine = engine;
    }

    @GetMapping
    public Map<String, Object> all() {
        return Map.of(
                "rules",
                catalog.current().rules().stream()
                        .map(AlertRuleController::view)
                        .toList(),
                "errors",
                catalog.errors().stream().map(AlertRuleController::view).toList());
    }

    @GetMapping("/{name}")
    public ResponseEntity<Map<String, Object>> one(@PathVariable String name) {
        return catalog.rule(name)
                .map(rule -> ResponseEntity.ok(view(rule)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "no rule named " + name + "; GET /api/alert-rules lists them")));
    }

    @PutMapping("/{name}")
    public ResponseEntity<Map<String, Object>> put(@PathVariable String name, InputStream body) throws IOException {
        String text = new String(Bodies.read(body, 256 * 1024), StandardCharsets.UTF_8);
        List<YamlError> errors;
        try {
            errors = catalog.put(name, text);
        } catch (IllegalStateException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", String.valueOf(e.getMessage())));
        }
        if (!errors.isEmpty())
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "errors",
                            errors.stream().map(AlertRuleController::view).toList()));
        engine.setRules(catalog.current());
        return ResponseEntity.ok(view(catalog.rule(name).orElseThrow()));
    }

    /** What the rule in the body would say on the last closed window of its size; nothing is kept. */
    @PostMapping("/{name}/preview")
    public ResponseEntity<Map<String, Object>> preview(@PathVariable String name, InputStream body) throws IOException {
        String text = new String(Bodies.read(body, 256 * 1024), StandardCharsets.UTF_8);
        RuleFiles.Parsed parsed = RuleFiles.parseRule("preview:" + name, text);
        if (!parsed.ok())
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "errors",
                            parsed.errors().stream()
                                    .map(AlertRuleController::view)
                                    .toList()));
        Rule rule = parsed.ruleSet().rules().getFirst();
        AlertEngine.Preview preview;
        try {
            var found = engine.preview(rule);
            if (found.isEmpty())
                return ResponseEntity.ok(Map.of(
                        "rule",
                        view(rule),
                        "note",
                        "no " + duration(rule.window()) + " window has closed yet; preview again in a minute"));
            preview = found.get();
        } catch (IllegalArgumentException e) {
            return AlertController.bad(e.getMessage());
        }
        // the series where it holds first
        var observed = new ArrayList<>(preview.observations().entrySet());
        observed.sort(java.util.Comparator.comparing((Map.Entry<java.util.SortedMap<String, String>, Observation> e) ->
                        !e.getValue().holds())
                .thenComparing(e -> e.getKey().toString()));
        List<Map<String, Object>> series = new ArrayList<>();
        long holding = 0;
        for (var e : observed) {
            Observation o = e.getValue();
            if (o.holds()) holding++;
            if (series.size() == 200) continue;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("labels", e.getKey());
            row.put("holds", o.holds());
            row.put("observed", Double.isFinite(o.observed()) ? o.observed() : null);
            row.put("expected", Double.isFinite(o.expected()) ? o.expected() : null);
            row.put("detail", o.detail());
            series.add(row);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rule", view(rule));
        answer.put("windowStart", preview.start().toString());
        answer.put("windowEnd", preview.end().toString());
        answer.put("selected", series.size());
        answer.put(
                "holding", series.stream().filter(r -> (Boolean) r.get("holds")).count());
        answer.put("series", series.size() > 200 ? series.subList(0, 200) : series);
        return ResponseEntity.ok(answer);
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Map<String, Object>> delete(@PathVariable String name) {
        if (!catalog.delete(name)) {
            String where = catalog.rule(name)
                    .map(r -> "it is defined at " + r.origin() + "; change it there")
                    .orElse("there is no such rule");
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no rule named " + name + " was created through the API: " + where));
        }
        engine.setRules(catalog.current());
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> view(Rule rule) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", rule.name());
        v.put("type", rule.type());
        v.put("window", duration(rule.window()));
        v.put("for", duration(rule.forDuration()));
        v.put("resolveAfter", duration(rule.resolveAfter()));
        if (rule.query() != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("metric", rule.query().metric());
            if (rule.query().ratioTo() != null) q.put("ratioTo", rule.query().ratioTo());
            q.put("by", rule.query().by());
            q.put("match", rule.query().match().stream().map(Object::toString).toList());
            q.put("aggregate", rule.query().aggregate().name().toLowerCase(Locale.ROOT));
            q.put("minCount", rule.query().minCount());
            v.put("query", q);
        }
        v.put("condition", rule.condition().toString());
        v.put("labels", rule.labels());
        v.put("annotations", rule.annotations());
        v.put("origin", rule.origin());
        return v;
    }

    static Map<String, Object> view(YamlError error) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("file", error.file());
        v.put("line", error.line());
        v.put("field", error.field());
        v.put("message", error.message());
        v.put("text", error.toString());
        return v;
    }

    private static String duration(java.time.Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
