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

    /**
     * The business KPIs over {@code [from, to)}, per minute (e.g. {@code order-service} / {@code order.dispatched}),
     * for the impact of incidents.
     */
    default List<ServiceSeries> kpis(Instant from, Instant to) throws IOException {
        return List.of();
    }

    /** What changed in these services over {@code [from, to)} (deployments, rule changes, injected faults). */
    default List<Change> changes(Set<String> services, Instant from, Instant to) throws IOException {
        return List.of();
    }

    /** The series and the changes of these services over one window. */
    record Readings(List<ServiceSeries> series, List<Change> changes) {}

    /**
     * Both {@link #series} and {@link #changes} over {@code [from, to)}; a source that stores them together (the
     * server's reports) reads them in one pass.
     */
    default Readings read(Set<String> services, Instant from, Instant to) throws IOException {
        return new Readings(series(services, from, to), changes(services, from, to));
    }
}
