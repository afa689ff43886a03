package io.outrider.console.notify;

import java.time.Instant;
import java.util.List;

/**
 * One message to a channel, sent or given up: what it carried, how many tries it took, and what the platform said.
 *
 * @param status the last HTTP status (0: no answer, e.g. refused or timed out)
 * @param detail the platform's answer on failure, or the thread it went to
 */
public record Delivery(
        Instant at,
        String channel,
        Platform platform,
        List<String> incidents,
        List<String> events,
        boolean sent,
        int attempts,
        int status,
        String detail) {

    public Delivery {
        incidents = List.copyOf(incidents);
        events = List.copyOf(events);
    }

    /** Where deliveries are recorded (the audit, in the server). */
    @FunctionalInterface
    public interface Log {
        void record(Delivery delivery);
    }
}
