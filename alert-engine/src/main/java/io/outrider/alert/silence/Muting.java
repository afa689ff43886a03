package io.outrider.alert.silence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether an alert is muted now, and by what: a silence, a maintenance window or an inhibition. */
public final class Muting {

    private final List<Silence> silences;
    private final List<MaintenanceWindow> windows;
    private final List<InhibitRule> inhibitions;

    public Muting(List<Silence> silences, List<MaintenanceWindow> windows, List<InhibitRule> inhibitions) {
        this.silences = List.copyOf(silences);
        this.windows = List.copyOf(windows);
        this.inhibitions = List.copyOf(inhibitions);
    }

    /** Why the alert with these labels is muted, or empty when it is not. */
    public Optional<String> reason(Map<String, String> labels, Collection<Map<String, String>> firing, Instant now) {
        for (Silence silence : silences)
            if (silence.mutes(labels, now))
                return Optional.of(
                        "silenced by " + silence.id() + " (" + silence.createdBy() + ": " + silence.comment() + ")");
        for (MaintenanceWindow window : windows)
            if (window.mutes(labels, now)) return Optional.of("in maintenance window " + window.name());
        for (InhibitRule rule : inhibitions)
            if (rule.inhibits(labels, firing)) return Optional.of("inhibited by a firing " + rule.source());
        return Optional.empty();
    }
}
