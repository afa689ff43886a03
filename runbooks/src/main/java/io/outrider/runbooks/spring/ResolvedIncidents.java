package io.outrider.runbooks.spring;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** When incidents were resolved (from {@code outrider.incidents}); an incident triggered again is removed. */
final class ResolvedIncidents {

    private final Map<String, Instant> resolvedAt = new ConcurrentHashMap<>();

    void put(String incidentId, Instant at) {
        resolvedAt.put(incidentId, at);
    }

    void remove(String incidentId) {
        resolvedAt.remove(incidentId);
    }

    Optional<Instant> at(String incidentId) {
        return Optional.ofNullable(resolvedAt.get(incidentId));
    }
}
