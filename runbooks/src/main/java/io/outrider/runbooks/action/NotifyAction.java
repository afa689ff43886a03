package io.outrider.runbooks.action;

import java.time.Duration;
import tools.jackson.databind.node.JsonNodeFactory;

/** A message for the incident's people (its timeline, and chat once connected); changes nothing. */
public record NotifyAction(String message, String channel) implements Action {

    @Override
    public String target() {
        return "notify " + channel;
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
        return new Change(target(), applied.after(), applied.after(), false);
    }

    private Change change() {
        return new Change(
                target(), JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.stringNode(message), false);
    }
}
