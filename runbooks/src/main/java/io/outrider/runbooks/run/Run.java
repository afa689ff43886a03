package io.outrider.runbooks.run;

import io.outrider.runbooks.action.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One run of a runbook, as stored (and claimed) in Elasticsearch: its state, the steps applied so far with what
 * each found (for the revert), the step in progress, and the deadline of its current state.
 *
 * @param target the root-cause service the run protects; one active run per target
 * @param nextStep index of the next step to apply
 * @param pending the step being applied, claimed by an executor; null between steps
 * @param deadline approval expiry (awaiting approval), verification deadline (verifying), change expiry (succeeded)
 * @param baseline counter values when verification began
 */
public record Run(
        String id,
        String runbookId,
        String target,
        @Nullable String incidentId,
        Map<String, Double> parameters,
        boolean automatic,
        State state,
        int nextStep,
        List<Change> applied,
        @Nullable Pending pending,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant deadline,
        Map<String, Double> baseline,
        String proposedBy,
        @Nullable String approvedBy,
        @Nullable String reason) {

    public Run {
        parameters = Map.copyOf(parameters);
        applied = List.copyOf(applied);
        baseline = Map.copyOf(baseline);
    }

    /** proposed → awaiting approval → running → verifying → succeeded / failed → reverted; or rejected. */
    public enum State {
        PROPOSED,
        AWAITING_APPROVAL,
        RUNNING,
        VERIFYING,
        SUCCEEDED,
        FAILED,
        REVERTED,
        REJECTED;

        /** Whether the run may still change something (and holds its target). */
        public boolean active() {
            return this != REVERTED && this != REJECTED && this != FAILED;
        }
    }

    /**
     * A step claimed by an executor: what was in force before it (read before writing, so a resumed step reverts
     * to the true before), who claimed it and until when the claim holds.
     */
    public record Pending(int step, Change plan, String owner, Instant leaseUntil) {}

    Run with(State next, Instant at, @Nullable String why) {
        return new Run(
                id,
                runbookId,
                target,
                incidentId,
                parameters,
                automatic,
                next,
                nextStep,
                applied,
                pending,
                createdAt,
                at,
                deadline,
                baseline,
                proposedBy,
                approvedBy,
                why != null ? why : reason);
    }

    Run withDeadline(@Nullable Instant when) {
        return new Run(
                id,
                runbookId,
                target,
                incidentId,
                parameters,
                automatic,
                state,
                nextStep,
                applied,
                pending,
                createdAt,
                updatedAt,
                when,
                baseline,
                proposedBy,
                approvedBy,
                reason);
    }

    Run withPending(@Nullable Pending claim, Instant at) {
        return new Run(
                id,
                runbookId,
                target,
                incidentId,
                parameters,
                automatic,
                state,
                nextStep,
                applied,
                claim,
                createdAt,
                at,
                deadline,
                baseline,
                proposedBy,
                approvedBy,
                reason);
    }

    Run stepDone(Change change, Instant at) {
        List<Change> done = new java.util.ArrayList<>(applied);
        done.add(change);
        return new Run(
                id,
                runbookId,
                target,
                incidentId,
                parameters,
                automatic,
                state,
                nextStep + 1,
                done,
                null,
                createdAt,
                at,
                deadline,
                baseline,
                proposedBy,
                approvedBy,
                reason);
    }

    Run approved(String by, Instant at) {
        return new Run(
                id,
                runbookId,
                target,
                incidentId,
                parameters,
                automatic,
                State.RUNNING,
                nextStep,
                applied,
                pending,
                createdAt,
                at,
                null,
                baseline,
                proposedBy,
                by,
                reason);
    }

    Run verifying(Map<String, Double> counters, Instant at, Instant until) {
        return new Run(
                id,
                runbookId,
                target,
                incidentId,
                parameters,
                automatic,
                State.VERIFYING,
                nextStep,
                applied,
                null,
                createdAt,
                at,
                until,
                counters,
                proposedBy,
                approvedBy,
                reason);
    }
}
