package io.outrider.alert.silence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's inhibition: while an alert matching {@code source} fires, alerts matching {@code target} that have
 * the same values for the {@code equal} labels are muted — e.g. a service's heartbeat loss mutes its latency and
 * error alerts. An alert never inhibits itself.
 */
public record InhibitRule(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {

    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
        if (source.isEmpty() || target.isEmpty())
            throw new IllegalArgumentException("an inhibition rule needs source and target matchers");
    }

    /** Whether one of the {@code firing} alerts inhibits the alert with these labels. */
    public boolean inhibits(Map<String, String> labels, Collection<Map<String, String>> firing) {
        if (!LabelMatcher.all(target, labels)) return false;
        for (Map<String, String> other : firing) {
            if (other.equals(labels) || !LabelMatcher.all(source, other)) continue;
            boolean same = true;
            for (String name : equal)
                if (!Objects.equals(other.getOrDefault(name, ""), labels.getOrDefault(name, ""))) same = false;
            if (same) return true;
        }
        return false;
    }
}
