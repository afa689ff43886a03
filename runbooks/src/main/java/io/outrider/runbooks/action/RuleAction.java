package io.outrider.runbooks.action;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sets the Sentinel rule of one resource (flow, hot-parameter, degrade), or the system rule, of a service. The
 * control API replaces a kind's rules as a whole, so the action reads them, replaces only its resource's entry and
 * leaves the others as they are.
 *
 * @param resource null for the system rule (one per service)
 */
public record RuleAction(
        String service, String kind, @Nullable String resource, ObjectNode rule) implements Action {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String target() {
        return service + " " + kind + " rules" + (resource != null ? " on " + resource : "");
    }

    @Override
    public Change plan(ControlClient control) throws ControlException {
        ArrayNode before = mine(control.rules(service, kind));
        ArrayNode after = JSON.createArrayNode().add(rule);
        return new Change(target(), before, after, !inForce(before));
    }

    @Override
    public Change apply(ControlClient control, Duration ttl, String reason, String actor) throws ControlException {
        JsonNode current = control.rules(service, kind);
        ArrayNode before = mine(current);
        if (inForce(before)) return new Change(target(), before, before, false);
        ArrayNode next = others(current).add(rule);
        ArrayNode after = mine(control.putRules(service, kind, next, ttl, reason, actor));
        if (!inForce(after))
            throw new ControlException(target() + ": the rule is not in force after the change; in force: " + after);
        return new Change(target(), before, after, true);
    }

    @Override
    public Change revert(ControlClient control, Change applied, String reason, String actor) throws ControlException {
        if (!applied.changed()) return new Change(target(), applied.after(), applied.after(), false);
        JsonNode current = control.rules(service, kind);
        ArrayNode next = others(current);
        for (JsonNode r : applied.before()) next.add(r);
        ArrayNode after = mine(control.putRules(service, kind, next, null, reason, actor));
        return new Change(target(), mine(current), after, true);
    }

    /** Whether the rules of this resource are exactly this rule (the fields it sets; the service fills the rest). */
    private boolean inForce(ArrayNode mine) {
        return mine.size() == 1 && covers(mine.get(0), rule);
    }

    static boolean covers(JsonNode inForce, JsonNode wanted) {
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            JsonNode actual = inForce.get(field.getKey());
            if (actual == null || actual.isNull()) return false;
            JsonNode value = field.getValue();
            if (value.isNumber() ? !actual.isNumber() || actual.asDouble() != value.asDouble() : !actual.equals(value))
                return false;
        }
        return true;
    }

    private ArrayNode mine(JsonNode inForce) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode r : inForce.path("rules")) if (concerns(r)) out.add(r);
        return out;
    }

    private ArrayNode others(JsonNode inForce) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode r : inForce.path("rules")) if (!concerns(r)) out.add(r);
        return out;
    }

    private boolean concerns(JsonNode r) {
        return resource == null || resource.equals(r.path("resource").asString(""));
    }
}
