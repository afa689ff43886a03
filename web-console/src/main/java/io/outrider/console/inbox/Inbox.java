package io.outrider.console.inbox;

import io.outrider.core.incident.IncidentSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the inbox shows: incidents filtered by status, severity, service, unit and owner, sorted. Plain code over a
 * list, so the same selection serves the page, its live refresh and the tests.
 */
public final class Inbox {

    private static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    private Inbox() {}

    /**
     * The inbox's filters; an empty string means any.
     *
     * @param status {@code open} (triggered, acknowledged or mitigated; the default), a status, or {@code any}
     * @param severity critical, warning or info
     * @param service a service among the incident's
     * @param unit the city or unit
     * @param mine only incidents assigned to the signed-in user
     * @param sort {@code severity} (worst, then newest; the default), {@code newest}, {@code oldest} or
     *     {@code updated}
     */
    public record Query(String status, String severity, String service, String unit, boolean mine, String sort) {

        public static Query of(String status, String severity, String service, String unit, boolean mine, String sort) {
            return new Query(
                    clean(status).isEmpty() ? "open" : clean(status),
                    clean(severity),
                    service.strip(),
                    unit.strip(),
                    mine,
                    clean(sort).isEmpty() ? "severity" : clean(sort));
        }

        private static String clean(String value) {
            return value.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** The incidents {@code query} selects for {@code user}, in its order. */
    public static List<IncidentSummary> select(List<IncidentSummary> incidents, Query query, String user) {
        Comparator<IncidentSummary> newest =
                Comparator.comparing(IncidentSummary::openedAt).reversed();
        Comparator<IncidentSummary> order = switch (query.sort()) {
            case "newest" -> newest;
            case "oldest" -> Comparator.comparing(IncidentSummary::openedAt);
            case "updated" -> Comparator.comparing(IncidentSummary::updatedAt).reversed();
            default ->
                Comparator.<IncidentSummary>comparingInt(i -> rank(i.severity()))
                        .thenComparing(newest);
        };
        return incidents.stream()
                .filter(i -> switch (query.status()) {
                    case "open" -> i.status().open();
                    case "any" -> true;
                    default -> i.status().wire().equals(query.status());
                })
                .filter(i -> query.severity().isEmpty() || i.severity().equals(query.severity()))
                .filter(i -> query.service().isEmpty() || i.services().contains(query.service()))
                .filter(i -> query.unit().isEmpty() || i.unit().equals(query.unit()))
                .filter(i -> !query.mine() || user.equals(i.assignee()))
                .sorted(order)
                .toList();
    }

    private static int rank(String severity) {
        int i = SEVERITIES.indexOf(severity);
        return i < 0 ? SEVERITIES.size() : i;
    }
}
