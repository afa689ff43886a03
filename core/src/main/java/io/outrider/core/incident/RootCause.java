package io.outrider.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where an incident most likely comes from: the services of its neighbourhood ranked by their anomaly evidence,
 * most likely first, as of {@code rankedAt} (it is ranked again as evidence arrives).
 */
public record RootCause(Instant rankedAt, List<Suspect> ranking) {

    public RootCause {
        Objects.requireNonNull(rankedAt, "rankedAt");
        ranking = List.copyOf(ranking);
    }

    /** A service, how strongly the evidence points at it, and its strongest series. */
    public record Suspect(String service, double score, List<Evidence> evidence) {
        public Suspect {
            Objects.requireNonNull(service, "service");
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * One series that moved, or a change to the service shortly before the anomaly.
     *
     * @param series e.g. {@code carts_cpu}; {@code change: …} for a change (deviation 0, baseline 0, observed 1)
     * @param deviation how far it moved, in robust units of its own past
     * @param sinceMillis when it first moved significantly (the anomaly's start when it never did)
     * @param baseline its median before the anomaly
     * @param observed its value at the largest deviation
     */
    public record Evidence(String series, double deviation, long sinceMillis, double baseline, double observed) {}

    /** The most likely service, or null when nothing moved. */
    public @org.jspecify.annotations.Nullable String top() {
        return ranking.isEmpty() ? null : ranking.getFirst().service();
    }

    /** The services in rank order. */
    public List<String> services() {
        return ranking.stream().map(Suspect::service).toList();
    }
}
