package io.outrider.runbooks.action;

import io.outrider.infra.yaml.YamlCursor;
import io.outrider.runbooks.catalog.ActionSpec;
import io.outrider.runbooks.catalog.Runbook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Binds a runbook's parameters and turns its steps into {@link Action}s. */
public final class Actions {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Actions() {}

    /**
     * The parameter values of a run: the defaults, overridden by {@code given}; a value outside its bounds or an
     * unknown name is refused (the bounds limit the blast radius).
     */
    public static Map<String, Double> bind(Runbook runbook, Map<String, Double> given) {
        Map<String, Double> values = new LinkedHashMap<>();
        runbook.parameters().forEach((name, p) -> values.put(name, p.defaultValue()));
        given.forEach((name, value) -> {
            Runbook.Parameter p = runbook.parameters().get(name);
            if (p == null)
                throw new IllegalArgumentException("runbook " + runbook.id() + " has no parameter " + name
                        + "; its parameters: " + runbook.parameters().keySet());
            if (value < p.min() || value > p.max())
                throw new IllegalArgumentException(name + " = " + number(value) + " is outside its bounds ["
                        + number(p.min()) + ", " + number(p.max()) + "] in runbook " + runbook.id());
            values.put(name, value);
        });
        return values;
    }

    /** The steps as actions, with these parameter values. */
    public static List<Action> steps(List<ActionSpec> specs, Map<String, Double> values, List<String> httpAllowList) {
        List<Action> actions = new ArrayList<>();
        for (ActionSpec spec : specs) actions.add(action(spec, values, httpAllowList));
        return actions;
    }

    static Action action(ActionSpec spec, Map<String, Double> values, List<String> httpAllowList) {
        Map<String, String> a = new LinkedHashMap<>();
        spec.args().forEach((k, v) -> a.put(k, substitute(v, values, spec)));
        String service = a.getOrDefault("service", "");
        return switch (spec.type()) {
            case "flow-rule" -> {
                ObjectNode rule = NODES.objectNode();
                rule.put("resource", a.get("resource"));
                rule.put("grade", "qps");
                rule.put("count", decimal(a, "qps"));
                rule.put("controlBehavior", a.getOrDefault("behavior", "reject"));
                putWhole(rule, "warmUpPeriodSec", a.get("warmUpSec"));
                putWhole(rule, "maxQueueingTimeMs", a.get("maxQueueMs"));
                yield new RuleAction(service, "flow", a.get("resource"), rule);
            }
            case "param-rule" -> {
                ObjectNode rule = NODES.objectNode();
                rule.put("resource", a.get("resource"));
                putWhole(rule, "paramIdx", a.getOrDefault("paramIdx", "0"));
                rule.put("count", decimal(a, "qps"));
                putWhole(rule, "durationInSec", a.get("durationSec"));
                yield new RuleAction(service, "param", a.get("resource"), rule);
            }
            case "degrade-rule" -> {
                ObjectNode rule = NODES.objectNode();
                rule.put("resource", a.get("resource"));
                rule.put("grade", a.get("grade"));
                rule.put("count", decimal(a, "count"));
                putWhole(rule, "timeWindowSec", a.get("windowSec"));
                if (a.containsKey("slowRatio")) rule.put("slowRatioThreshold", decimal(a, "slowRatio"));
                putWhole(rule, "minRequestAmount", a.get("minRequests"));
                yield new RuleAction(service, "degrade", a.get("resource"), rule);
            }
            case "system-rule" -> {
                ObjectNode rule = NODES.objectNode();
                if (a.containsKey("cpu")) rule.put("highestCpuUsage", decimal(a, "cpu"));
                if (a.containsKey("load")) rule.put("highestSystemLoad", decimal(a, "load"));
                if (a.containsKey("qps")) rule.put("qps", decimal(a, "qps"));
                putWhole(rule, "maxThread", a.get("maxThread"));
                putWhole(rule, "avgRt", a.get("avgRtMs"));
                yield new RuleAction(service, "system", null, rule);
            }
            case "switch" -> new SwitchAction(service, a.getOrDefault("name", ""), typed(a.getOrDefault("value", "")));
            case "shed" -> new ShedAction(service, a.getOrDefault("class", ""));
            case "notify" -> new NotifyAction(a.getOrDefault("message", ""), a.getOrDefault("channel", "incident"));
            case "wait" ->
                new WaitAction(java.util.Objects.requireNonNull(
                        YamlCursor.parseDuration(a.getOrDefault("duration", "").strip()),
                        () -> spec.origin() + ": duration"));
            case "http" ->
                HttpAction.allowed(
                        a.getOrDefault("method", "POST"),
                        a.getOrDefault("url", ""),
                        a.getOrDefault("body", ""),
                        httpAllowList);
            default -> throw new IllegalArgumentException(spec.origin() + ": unknown action " + spec.type());
        };
    }

    /** {@code ${name}} replaced by the parameter's value (whole numbers without a decimal point). */
    static String substitute(String text, Map<String, Double> values, ActionSpec spec) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Double value = values.get(m.group(1));
            if (value == null)
                throw new IllegalArgumentException(spec.origin() + ": no value for parameter ${" + m.group(1) + "}");
            m.appendReplacement(out, Matcher.quoteReplacement(number(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A switch value with its JSON type: true/false, a number, else text. */
    static JsonNode typed(String value) {
        if (value.equals("true") || value.equals("false")) return NODES.booleanNode(Boolean.parseBoolean(value));
        try {
            return NODES.numberNode(Long.parseLong(value));
        } catch (NumberFormatException notWhole) {
            // not a whole number
        }
        try {
            return NODES.numberNode(Double.parseDouble(value));
        } catch (NumberFormatException notNumber) {
            return NODES.stringNode(value);
        }
    }

    private static double decimal(Map<String, String> a, String name) {
        return Double.parseDouble(a.getOrDefault(name, "0"));
    }

    private static void putWhole(ObjectNode rule, String field, @Nullable String value) {
        if (value != null) rule.put(field, Math.round(Double.parseDouble(value)));
    }

    /** A value as written in messages: whole numbers without a decimal point. */
    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
