package io.outrider.alert.slo;

import java.time.Duration;
import java.util.List;

/**
 * Multi-window, multi-burn-rate SLO alerting (as in Google's SRE workbook): the error budget is {@code 1 - target};
 * the burn rate over a window is the error ratio in it divided by the budget (1 = the budget lasts exactly the SLO
 * period). A condition fires when both its long and its short window burn faster than its factor — the long window
 * proves the burn is significant, the short one that it is still going on (so the alert resolves soon after).
 */
public final class BurnRate {

    /**
     * @param factor the burn rate both windows must exceed, e.g. 14.4 (2 % of a 30-day budget in 1 hour)
     * @param severity what the alert says when this condition holds
     */
    public record Condition(Duration longWindow, Duration shortWindow, double factor, String severity) {}

    /** The usual pair for a 30-day SLO: 1 h / 5 min at 14.4× (page) and 6 h / 30 min at 6× (page). */
    public static final List<Condition> DEFAULT = List.of(
            new Condition(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, "critical"),
            new Condition(Duration.ofHours(6), Duration.ofMinutes(30), 6, "critical"));

    private BurnRate() {}

    /** The burn rate of an error ratio against an SLO target (e.g. 0.999). */
    public static double of(double errorRatio, double target) {
        if (!(target > 0 && target < 1)) throw new IllegalArgumentException("SLO target must be in (0, 1): " + target);
        return errorRatio / (1 - target);
    }

    /** Whether the condition holds, given the error ratios over its long and short windows. */
    public static boolean holds(Condition condition, double target, double longRatio, double shortRatio) {
        return of(longRatio, target) > condition.factor() && of(shortRatio, target) > condition.factor();
    }

    /** The share of a period's budget a burn rate uses up over a window: {@code rate × window / period}. */
    public static double budgetSpent(double burnRate, Duration window, Duration period) {
        return burnRate * window.toMillis() / period.toMillis();
    }
}
