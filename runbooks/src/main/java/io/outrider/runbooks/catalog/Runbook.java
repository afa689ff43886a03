package io.outrider.runbooks.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One runbook: when it applies (its trigger), how it may run (mode), what it changes (steps, with bounded
 * parameters), how success is judged (verification), how it is taken back (revert) and the guardrails around it.
 *
 * @param origin where it was read from ({@code holiday-surge.yml})
 */
public record Runbook(
        String id,
        String title,
        String description,
        Trigger trigger,
        Mode mode,
        Map<String, Parameter> parameters,
        List<ActionSpec> steps,
        Verification verification,
        List<ActionSpec> revert,
        Guardrails guardrails,
        String origin) {

    public Runbook {
        Objects.requireNonNull(id, "id");
        parameters = Map.copyOf(parameters);
        steps = List.copyOf(steps);
        revert = List.copyOf(revert);
    }

    /** How a run starts: by itself, after an approver's yes, or only when a person starts it. */
    public enum Mode {
        AUTO,
        APPROVAL,
        MANUAL
    }

    /**
     * When the runbook applies to an incident: its root-cause service (and endpoint), a symptom among its alerts,
     * at least this severity, in this unit (null: any).
     */
    public record Trigger(
            String service,
            @Nullable String endpoint,
            @Nullable String symptom,
            String severity,
            @Nullable String unit) {}

    /** A number the operator (or the trigger) may set, with its default and the bounds that limit the blast radius. */
    public record Parameter(String name, double defaultValue, double min, double max, String description) {}

    /** A check on a metric of a service of the logistics core, e.g. {@code rate(errors) < 0.05}. */
    public record Condition(String service, String metric, Map<String, String> labels, String op, double value) {}

    /** Conditions that must all hold before the deadline, or the run is reverted. */
    public record Verification(Duration deadline, List<Condition> conditions) {}

    /**
     * @param maxAutoRunsPerHour automatic runs per root-cause service per hour
     * @param ttl how long a change stays in force on the control API at most (the second safety net)
     * @param holdAfterResolve how long after the incident resolves the change is kept before the revert
     */
    public record Guardrails(int maxAutoRunsPerHour, Duration ttl, Duration holdAfterResolve) {}
}
