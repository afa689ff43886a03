package io.outrider.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one drill measured, each time from the start of the fault (null: it did not happen within the drill).
 *
 * @param firstAlert when the first alert fired
 * @param incident when the first incident opened for it
 * @param incidents how many incidents opened during the drill
 * @param alertsPerIncident mean alerts folded into each
 * @param rankOfFaulty the best rank of a faulty service in an incident's root-cause ranking (1 = first), 0 if absent
 * @param runbookInForce when a runbook's changes were applied
 * @param recovered when the dispatch rate, after falling below 80 % of its level before the fault, was back at 90 %
 *     or more (and stayed there 10 s); null when it never fell or never came back
 * @param reverted whether every run the drill caused was reverted at the end
 * @param repeatedSteps runbook steps its runs' audit shows applied twice (must be 0)
 * @param timeline what happened, for the report's chart
 */
public record DrillResult(
        String scenario,
        Instant start,
        @Nullable Duration firstAlert,
        @Nullable Duration incident,
        int incidents,
        double alertsPerIncident,
        int rankOfFaulty,
        @Nullable Duration runbookInForce,
        @Nullable Duration recovered,
        boolean reverted,
        String runbooks,
        int repeatedSteps,
        List<Event> timeline,
        @Nullable String error) {

    public DrillResult {
        timeline = List.copyOf(timeline);
    }

    /** A moment of the drill: {@code at} from its start. */
    public record Event(Duration at, String what) {}
}
