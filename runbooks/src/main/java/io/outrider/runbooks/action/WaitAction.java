package io.outrider.runbooks.action;

import java.time.Duration;
import tools.jackson.databind.node.JsonNodeFactory;

/** A pause between steps (the executor schedules it; the action itself changes nothing). */
public record WaitAction(Duration duration) implements Action {

    @Override
    public String target() {
        return "wait " + duration;
    }

    @Override
    public Change plan(ControlClient control) {
        return change();
    }

    @Override
    public Change apply(ControlClient control, Duration ttl, String reason, String actor) {
        return change();
    }

    @Override
    public Change revert(ControlClient control, Change applied, String reason, String actor) {
        return change();
    }

    private Change change() {
        return new Change(
                target(),
                JsonNodeFactory.instance.nullNode(),
                JsonNodeFactory.instance.stringNode(duration.toString()),
                false);
    }
}
