package io.outrider.topology.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The time window of a query: {@code from}/{@code to} as ISO-8601 instants or epoch milliseconds; without
 * {@code to}, now; without {@code from}, 15 minutes before {@code to}.
 *
 * @param error why the parameters were refused, or null
 */
record Window(Instant from, Instant to, @Nullable String error) {

    static final Duration DEFAULT = Duration.ofMinutes(15);

    static Window of(@Nullable String from, @Nullable String to, Clock clock) {
        try {
            Instant end = to == null ? clock.instant() : instant(to);
            Instant start = from == null ? end.minus(DEFAULT) : instant(from);
            if (!start.isBefore(end)) return new Window(start, end, "from must be before to");
            return new Window(start, end, null);
        } catch (DateTimeParseException | NumberFormatException e) {
            return new Window(Instant.EPOCH, Instant.EPOCH, "from/to must be ISO-8601 instants or epoch milliseconds");
        }
    }

    double seconds() {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static Instant instant(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit)
                ? Instant.ofEpochMilli(Long.parseLong(text))
                : Instant.parse(text);
    }
}
