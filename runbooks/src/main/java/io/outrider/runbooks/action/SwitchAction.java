package io.outrider.runbooks.action;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Sets a degrade switch of a service ({@code eta.model}, {@code dispatch.algorithm}, ...). */
public record SwitchAction(String service, String name, JsonNode value) implements Action {

    @Override
    public String target() {
        return service + " switch " + name;
    }

    @Override
    public Change plan(ControlClient control) throws ControlException {
        JsonNode before = state(control.switches(service));
        return new Change(target(), before, value, !before.path("value").equals(value));
    }

    @Override
    public Change apply(ControlClient control, Duration ttl, String reason, String actor) throws ControlException {
        JsonNode before = state(control.switches(service));
        if (before.path("value").equals(value)) return new Change(target(), before, before, false);
        JsonNode after = state(control.setSwitch(service, name, value, ttl, reason, actor));
        if (!after.path("value").equals(value))
            throw new ControlException(target() + " reads " + after.path("value") + " after being set to " + value);
        return new Change(target(), before, after, true);
    }

    @Override
    public Change revert(ControlClient control, Change applied, String reason, String actor) throws ControlException {
        if (!applied.changed()) return new Change(target(), applied.after(), applied.after(), false);
        JsonNode current = state(control.switches(service));
        JsonNode previous = applied.before().path("value");
        JsonNode after = previous.equals(applied.before().path("defaultValue"))
                ? state(control.resetSwitch(service, name, reason, actor))
                : state(control.setSwitch(service, name, previous, null, reason, actor));
        return new Change(target(), current, after, true);
    }

    /** This switch's state in the service's list; a switch it does not have is an error naming those it has. */
    private JsonNode state(JsonNode states) throws ControlException {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode s : states) {
            if (name.equals(s.path("name").asString(""))) return s;
            names.add(s.path("name").asString(""));
        }
        throw new ControlException(service + " has no switch " + name + "; its switches: " + names);
    }
}
