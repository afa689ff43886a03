package io.outrider.runbooks.run;

/**
 * Told of every step and outcome of a run as it is audited (proposed, approved, step applied, verifying, succeeded,
 * failed, rejected, reverted), e.g. to add it to the incident's timeline. Called on the executor's thread: quick, and
 * never throwing into the run (what it throws is logged).
 */
@FunctionalInterface
public interface RunListener {

    /** Listens to nothing. */
    RunListener NONE = (run, what, why) -> {};

    /**
     * @param run the run as it was when this happened
     * @param what e.g. {@code proposed}, {@code step 1: sentinel flow rule …}, {@code verifying}, {@code succeeded}
     * @param why the audit's reason
     */
    void changed(Run run, String what, String why);
}
