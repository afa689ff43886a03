package io.outrider.runbooks.catalog;

import io.outrider.infra.yaml.YamlCursor;
import io.outrider.infra.yaml.YamlError;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one runbook file. Every mistake is reported with its file, line and field in one pass (unknown fields,
 * missing ones, wrong types, parameters out of their bounds, steps naming unknown actions, arguments or
 * parameters), and a file with any mistake yields no runbook.
 */
public final class RunbookFiles {

    /** A runbook, or the errors that keep it out. */
    public record Parsed(@Nullable Runbook runbook, List<YamlError> errors) {
        public boolean ok() {
            return runbook != null && errors.isEmpty();
        }
    }

    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    static final Set<String> OPS = Set.of("<", "<=", ">", ">=");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");

    private RunbookFiles() {}

    public static Parsed parse(String file, String text) {
        List<YamlError> errors = new ArrayList<>();
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            return new Parsed(null, List.of(new YamlError(file, line, "", "not valid YAML: " + problem)));
        } catch (YAMLException e) {
            return new Parsed(null, List.of(new YamlError(file, 0, "", "not valid YAML: " + e.getMessage())));
        }
        if (root == null) return new Parsed(null, List.of(new YamlError(file, 0, "", "the file is empty")));
        YamlCursor top = new YamlCursor(file, root, "", errors);
        if (!top.mapping(Set.of(
                "id",
                "title",
                "description",
                "trigger",
                "mode",
                "parameters",
                "steps",
                "verification",
                "revert",
                "guardrails"))) return new Parsed(null, errors);

        String id = top.string("id", true);
        YamlCursor idField = top.field("id");
        if (id != null && idField != null && !ID.matcher(id).matches())
            idField.error("must be lowercase words joined by '-' (at most 63 characters): " + id);
        String title = top.string("title", true);
        String description = orEmpty(top.string("description", false));
        Runbook.Trigger trigger = trigger(top);
        Runbook.Mode mode = mode(top);
        Map<String, Runbook.Parameter> parameters = parameters(top);
        List<ActionSpec> steps = steps(top, "steps", parameters);
        if (steps.isEmpty() && top.has("steps") && errors.isEmpty())
            new YamlCursor(top, "steps").error("a runbook needs at least one step");
        if (!top.has("steps")) new YamlCursor(top, "steps").error("required");
        List<ActionSpec> revert = steps(top, "revert", parameters);
        Runbook.Verification verification = verification(top);
        Runbook.Guardrails guardrails = guardrails(top);

        if (!errors.isEmpty() || id == null || title == null || trigger == null || mode == null)
            return new Parsed(null, errors);
        return new Parsed(
                new Runbook(
                        id,
                        title,
                        description,
                        trigger,
                        mode,
                        parameters,
                        steps,
                        verification,
                        revert,
                        guardrails,
                        file),
                List.of());
    }

    private static Runbook.@Nullable Trigger trigger(YamlCursor top) {
        YamlCursor t = top.field("trigger");
        if (t == null) {
            new YamlCursor(top, "trigger").error("required");
            return null;
        }
        if (!t.mapping(Set.of("service", "endpoint", "symptom", "severity", "unit"))) return null;
        String service = t.string("service", true);
        String severity = t.string("severity", false);
        if (severity == null) severity = "warning";
        else if (!SEVERITIES.contains(severity)) {
            java.util.Objects.requireNonNull(t.field("severity"))
                    .error("must be one of " + SEVERITIES.stream().sorted().toList() + ", not " + severity);
        }
        if (service == null) return null;
        return new Runbook.Trigger(
                service, t.string("endpoint", false), t.string("symptom", false), severity, t.string("unit", false));
    }

    private static Runbook.@Nullable Mode mode(YamlCursor top) {
        String mode = top.string("mode", true);
        if (mode == null) return null;
        try {
            return Runbook.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            java.util.Objects.requireNonNull(top.field("mode")).error("must be auto, approval or manual, not " + mode);
            return null;
        }
    }

    private static Map<String, Runbook.Parameter> parameters(YamlCursor top) {
        Map<String, Runbook.Parameter> parameters = new LinkedHashMap<>();
        YamlCursor p = top.field("parameters");
        if (p == null) return parameters;
        Map<String, YamlCursor> named = p.fields();
        for (Map.Entry<String, YamlCursor> e : named.entrySet()) {
            YamlCursor param = e.getValue();
            if (!param.mapping(Set.of("default", "min", "max", "description"))) continue;
            double value = param.requiredNumber("default");
            double min = param.requiredNumber("min");
            double max = param.requiredNumber("max");
            if (min > max) param.error("min " + fmt(min) + " is above max " + fmt(max));
            else if (value < min || value > max)
                java.util.Objects.requireNonNull(param.field("default") != null ? param.field("default") : param)
                        .error("default " + fmt(value) + " is outside [" + fmt(min) + ", " + fmt(max) + "]");
            parameters.put(
                    e.getKey(),
                    new Runbook.Parameter(e.getKey(), value, min, max, orEmpty(param.string("description", false))));
        }
        return parameters;
    }

    private static List<ActionSpec> steps(YamlCursor top, String field, Map<String, Runbook.Parameter> parameters) {
        List<ActionSpec> steps = new ArrayList<>();
        for (YamlCursor item : top.list(field)) {
            String type = item.peek("action");
            ActionTypes.Schema schema = type == null ? null : ActionTypes.TYPES.get(type);
            if (schema == null || type == null) {
                if (item.mapping(Set.of("action"))) {
                    if (type == null) new YamlCursor(item, "action").error("required");
                    else
                        java.util.Objects.requireNonNull(item.field("action"))
                                .error("unknown action; expected one of "
                                        + ActionTypes.TYPES.keySet().stream()
                                                .sorted()
                                                .toList());
                }
                continue;
            }
            Set<String> allowed = new java.util.HashSet<>(schema.required());
            allowed.addAll(schema.optional());
            allowed.add("action");
            if (!item.mapping(allowed)) continue;
            Map<String, String> args = new LinkedHashMap<>();
            for (String name : allowed) {
                if (name.equals("action")) continue;
                String value = item.string(name, schema.required().contains(name));
                if (value == null) continue;
                YamlCursor at = java.util.Objects.requireNonNull(item.field(name));
                check(at, name, value, schema, parameters);
                args.put(name, value);
            }
            steps.add(new ActionSpec(type, args, item.origin()));
        }
        return steps;
    }

    /** An argument names only declared parameters, is a number where one is needed, and one of its words. */
    private static void check(
            YamlCursor at,
            String name,
            String value,
            ActionTypes.Schema schema,
            Map<String, Runbook.Parameter> params) {
        Matcher references = REFERENCE.matcher(value);
        boolean referencesOnly = false;
        while (references.find()) {
            if (!params.containsKey(references.group(1)))
                at.error("names parameter ${" + references.group(1) + "}, which the runbook does not declare");
            referencesOnly = value.strip().equals(references.group());
        }
        if (referencesOnly) return;
        if (schema.numbers().contains(name)) {
            try {
                Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                at.error("must be a number or a ${parameter}, not '" + value + "'");
            }
        }
        Set<String> words = schema.words().get(name);
        if (words != null && !words.contains(value))
            at.error("must be one of " + words.stream().sorted().toList() + ", not " + value);
        if (name.equals("duration") && YamlCursor.parseDuration(value.strip()) == null)
            at.error("must be a duration such as 30s or 5m, not '" + value + "'");
    }

    private static Runbook.Verification verification(YamlCursor top) {
        YamlCursor v = top.field("verification");
        if (v == null || !v.mapping(Set.of("deadline", "conditions")))
            return new Runbook.Verification(Duration.ofMinutes(5), List.of());
        Duration deadline = v.duration("deadline", Duration.ofMinutes(5));
        List<Runbook.Condition> conditions = new ArrayList<>();
        for (YamlCursor c : v.list("conditions")) {
            if (!c.mapping(Set.of("service", "metric", "labels", "op", "value"))) continue;
            String service = c.string("service", true);
            String metric = c.string("metric", true);
            String op = c.string("op", true);
            if (op != null && !OPS.contains(op))
                java.util.Objects.requireNonNull(c.field("op"))
                        .error("must be one of " + OPS.stream().sorted().toList() + ", not " + op);
            double value = c.requiredNumber("value");
            if (metric != null && !metric.endsWith("_total"))
                java.util.Objects.requireNonNull(c.field("metric"))
                        .error("must be a counter (a name ending in _total): a condition compares its increase"
                                + " during the verification, not " + metric);
            if (service != null && metric != null && op != null)
                conditions.add(new Runbook.Condition(service, metric, c.stringMap("labels"), op, value));
        }
        return new Runbook.Verification(deadline, conditions);
    }

    private static Runbook.Guardrails guardrails(YamlCursor top) {
        Runbook.Guardrails defaults = new Runbook.Guardrails(3, Duration.ofMinutes(30), Duration.ofMinutes(10));
        YamlCursor g = top.field("guardrails");
        if (g == null || !g.mapping(Set.of("maxAutoRunsPerHour", "ttl", "holdAfterResolve"))) return defaults;
        double runs = g.number("maxAutoRunsPerHour", defaults.maxAutoRunsPerHour());
        if (runs < 0 || runs != Math.rint(runs))
            java.util.Objects.requireNonNull(g.field("maxAutoRunsPerHour")).error("must be a whole number >= 0");
        Duration ttl = g.duration("ttl", defaults.ttl());
        if (ttl.isZero() || ttl.compareTo(Duration.ofHours(2)) > 0)
            java.util.Objects.requireNonNull(g.field("ttl"))
                    .error("must be between 1s and 2h (the logistics core's longest time box)");
        return new Runbook.Guardrails((int) runs, ttl, g.duration("holdAfterResolve", defaults.holdAfterResolve()));
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
