package io.outrider.runbooks.action;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Sheds a class of traffic on a service (e.g. {@code scheduled} orders in a surge): adds it to the service's
 * {@value #SWITCH} switch, which refuses requests of the classes it lists with 429. The inverse puts the list back.
 */
public record ShedAction(String service, String trafficClass) implements Action {

    /** The switch of every logistics-core service listing the classes it refuses. */
    public static final String SWITCH = "traffic.shed";

    @Override
    public String target() {
        return service + " shed " + trafficClass;
    }

    @Override
    public Change plan(ControlClient control) throws ControlException {
        return named(toSwitch(control).plan(control));
    }

    @Override
    public Change apply(ControlClient control, Duration ttl, String reason, String actor) throws ControlException {
        return named(toSwitch(control).apply(control, ttl, reason, actor));
    }

    @Override
    public Change revert(ControlClient control, Change applied, String reason, String actor) throws ControlException {
        return named(new SwitchAction(service, SWITCH, applied.after().path("value"))
                .revert(control, applied, reason, actor));
    }

    private Change named(Change change) {
        return new Change(target(), change.before(), change.after(), change.changed());
    }

    /** The switch change that adds this class to what is shed now. */
    private SwitchAction toSwitch(ControlClient control) throws ControlException {
        SwitchAction read = new SwitchAction(service, SWITCH, JsonNodeFactory.instance.stringNode(""));
        String current = read.plan(control).before().path("value").asString("");
        Set<String> classes = new LinkedHashSet<>();
        for (String c : current.split(",")) if (!c.isBlank()) classes.add(c.strip());
        classes.add(trafficClass);
        return new SwitchAction(service, SWITCH, JsonNodeFactory.instance.stringNode(String.join(",", classes)));
    }
}
