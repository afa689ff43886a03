package io.outrider.runbooks.action;

import java.time.Duration;

/**
 * One resolved step of a runbook (parameters bound). Each action is idempotent (applying what is already in force
 * writes nothing), reads back what is in force after it writes, and knows its inverse: {@link #revert} puts back
 * what {@link #apply} found.
 */
public sealed interface Action permits RuleAction, SwitchAction, ShedAction, NotifyAction, WaitAction, HttpAction {

    /** What it changes, in words: {@code order flow rules on order:POST:/orders}. */
    String target();

    /** What would change, read from the service without writing (dry run). */
    Change plan(ControlClient control) throws ControlException;

    /** Makes the change, time-boxed on the control API by {@code ttl}, and reads it back. */
    Change apply(ControlClient control, Duration ttl, String reason, String actor) throws ControlException;

    /** Puts back what {@code applied} found; a change that wrote nothing is not reverted. */
    Change revert(ControlClient control, Change applied, String reason, String actor) throws ControlException;
}
