package io.outrider.console.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.core.incident.IncidentSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static Incident incident(String id, String severity, String service, String unit, Instant at) {
        Alert alert = Alert.firing(
                Map.of("alertname", "Latency", "service", service, "city", unit, "severity", severity),
                Map.of(),
                at,
                "test",
                "");
        return Incident.open(id, alert, "");
    }

    private final Incident critical = incident("a", "critical", "order-service", "beijing", T0);
    private final Incident warning = incident("b", "warning", "eta-service", "shanghai", T0.plusSeconds(60));
    private final Incident resolved = incident("c", "critical", "order-service", "beijing", T0.plusSeconds(120))
            .transition(IncidentStatus.RESOLVED, "bob", T0.plusSeconds(180));
    private final Incident mine = incident("d", "info", "rider-service", "beijing", T0.plusSeconds(240))
            .transition(IncidentStatus.ACKNOWLEDGED, "alice", T0.plusSeconds(300));
    private final List<IncidentSummary> all = List.of(critical, warning, resolved, mine).stream()
            .map(IncidentSummary::of)
            .toList();

    private static List<String> ids(List<IncidentSummary> incidents) {
        return incidents.stream().map(IncidentSummary::id).toList();
    }

    @Test
    void opensByDefaultWorstFirstThenNewest() {
        Inbox.Query query = Inbox.Query.of("", "", "", "", false, "");

        assertThat(ids(Inbox.select(all, query, "alice"))).containsExactly("a", "b", "d");
    }

    @Test
    void filtersBySeverityServiceUnitAndStatus() {
        assertThat(ids(Inbox.select(all, Inbox.Query.of("any", "critical", "", "", false, ""), "x")))
                .containsExactly("c", "a");
        assertThat(ids(Inbox.select(all, Inbox.Query.of("open", "", "eta-service", "", false, ""), "x")))
                .containsExactly("b");
        assertThat(ids(Inbox.select(all, Inbox.Query.of("open", "", "", "beijing", false, ""), "x")))
                .containsExactly("a", "d");
        assertThat(ids(Inbox.select(all, Inbox.Query.of("resolved", "", "", "", false, ""), "x")))
                .containsExactly("c");
    }

    @Test
    void mineIsWhatTheUserOwnsAcknowledgingClaimsIt() {
        assertThat(ids(Inbox.select(all, Inbox.Query.of("", "", "", "", true, ""), "alice")))
                .containsExactly("d");
        assertThat(Inbox.select(all, Inbox.Query.of("", "", "", "", true, ""), "bob"))
                .isEmpty();
    }

    @Test
    void sortsByAgeOrUpdate() {
        assertThat(ids(Inbox.select(all, Inbox.Query.of("any", "", "", "", false, "oldest"), "x")))
                .containsExactly("a", "b", "c", "d");
        assertThat(ids(Inbox.select(all, Inbox.Query.of("any", "", "", "", false, "newest"), "x")))
                .containsExactly("d", "c", "b", "a");
        assertThat(ids(Inbox.select(all, Inbox.Query.of("any", "", "", "", false, "updated"), "x")))
                .first()
                .isEqualTo("d");
    }

    @Test
    void aRowIsTitledByItsAlertNames() {
        assertThat(IncidentSummary.of(critical).title()).isEqualTo("Latency");
    }
}
