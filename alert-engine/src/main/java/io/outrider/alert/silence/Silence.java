package io.outrider.alert.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Mutes the alerts its matchers select between {@code startsAt} and {@code endsAt}; who made it and why are kept for
 * the audit and shown beside the muted alerts.
 */
public record Silence(
        String id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {

    public Silence {
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) throw new IllegalArgumentException("a silence needs at least one matcher");
        if (!endsAt.isAfter(startsAt)) throw new IllegalArgumentException("a silence must end after it starts");
        if (createdBy.isBlank()) throw new IllegalArgumentException("a silence needs its author");
    }

    public boolean active(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        return active(now) && LabelMatcher.all(matchers, labels);
    }
}
