package io.outrider.alert.silence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recurring maintenance window: on the given days, from {@code start} (local time in {@code zone}) for
 * {@code duration} — e.g. every Tuesday 02:00 Asia/Shanghai for 2 hours — the alerts its matchers select are muted.
 * A window may run past midnight.
 */
public record MaintenanceWindow(
        String name,
        List<LabelMatcher> matchers,
        Set<DayOfWeek> days,
        LocalTime start,
        Duration duration,
        ZoneId zone) {

    public MaintenanceWindow {
        matchers = List.copyOf(matchers);
        days = Set.copyOf(days);
        if (days.isEmpty()) throw new IllegalArgumentException("maintenance window " + name + " has no day");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0)
            throw new IllegalArgumentException("maintenance window " + name + " must last between 0 and 7 days");
    }

    /** Whether a window (begun today or on one of the days before) is open at {@code now}. */
    public boolean active(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        for (int back = 0; back <= duration.toDays() + 1; back++) {
            ZonedDateTime day = local.minusDays(back);
            if (!days.contains(day.getDayOfWeek())) continue;
            ZonedDateTime opens = day.with(start);
            if (!local.isBefore(opens) && local.isBefore(opens.plus(duration))) return true;
        }
        return false;
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        return active(now) && LabelMatcher.all(matchers, labels);
    }
}
