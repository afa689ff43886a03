package io.outrider.dedup.rca;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where the live series of services come from. The server reads them from the topology's minute reports (traffic,
 * errors, latency per endpoint, heartbeats); the harness from its simulation.
 */
public interface SeriesSource {

    /** The series of these services over {@code [from, to)}, oldest value first; services with none are left out. */
    List<ServiceSeries> series(Set<String> services, Instant from, Instant to) throws IOException;

    /** What changed in these services over {@code [from, to)} (deployments, rule changes, injected faults). */
    default List<Change> changes(Set<String> services, Instant from, Instant to) throws IOException {
        return List.of();
    }
}
