package io.outrider.core.incident;

import java.util.Set;

/**
 * An incident's lifecycle: triggered → acknowledged → mitigated → resolved, and merged into another. Steps may be
 * skipped forward (a triggered incident can be resolved at once); a resolved one can be triggered again when its
 * alerts fire again; merged is final.
 */
public enum IncidentStatus {
    TRIGGERED,
    ACKNOWLEDGED,
    MITIGATED,
    RESOLVED,
    MERGED;

    public boolean open() {
        return this != RESOLVED && this != MERGED;
    }

    public boolean canBecome(IncidentStatus next) {
        return switch (this) {
            case TRIGGERED -> Set.of(ACKNOWLEDGED, MITIGATED, RESOLVED, MERGED).contains(next);
            case ACKNOWLEDGED -> Set.of(MITIGATED, RESOLVED, MERGED, TRIGGERED).contains(next);
            case MITIGATED -> Set.of(RESOLVED, MERGED, TRIGGERED).contains(next);
            case RESOLVED -> next == TRIGGERED;
            case MERGED -> false;
        };
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
