package io.outrider.dedup.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.correlate.CallGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The live path: an incident whose alerts are all in a caller is localized in a callee two hops down that fired
 * nothing, from per-minute series read through a {@link SeriesSource}; the ranking follows the evidence as it arrives.
 */
class IncidentLocalizerTest {

    private static final Instant FAULT = Instant.parse("2026-11-24T12:30:00Z");
    private static final CallGraph GRAPH = new CallGraph(Map.of(
            "front", Set.of("api"),
            "api", Set.of("db", "cache"),
            "billing", Set.of("ledger")));

    /** Per-minute latency series, 40 minutes before the fault to 10 after; the faulty ones jump at the fault. */
    private static List<ServiceSeries> minutes(
            Map<String, Double> jump, Instant knownUntil, Map<String, Instant> late) {
        SplittableRandom random = new SplittableRandom(3);
        List<ServiceSeries> out = new ArrayList<>();
        for (String service : List.of("front", "api", "db", "cache", "billing", "ledger")) {
            int n = 50;
            long[] times = new long[n];
            double[] values = new double[n];
            Instant until = late.getOrDefault(service, knownUntil);
            for (int i = 0; i < n; i++) {
                Instant at = FAULT.minus(Duration.ofMinutes(40)).plus(Duration.ofMinutes(i));
                times[i] = at.toEpochMilli();
                values[i] = !at.isBefore(until)
                        ? Double.NaN
                        : 20 + 2 * random.nextGaussian() + (at.isBefore(FAULT) ? 0 : jump.getOrDefault(service, 0.0));
            }
            out.add(new ServiceSeries(service, "lat_99", times, values));
        }
        return out;
    }

    private static SeriesSource source(List<ServiceSeries> all, List<Set<String>> asked) {
        return (services, from, to) -> {
            asked.add(services);
            return all.stream().filter(s -> services.contains(s.service())).toList();
        };
    }

    private static Incident incidentOnFront() {
        Alert alert = Alert.firing(
                Map.of("alertname", "Latency", "service", "front", "city", "shanghai", "severity", "warning"),
                Map.of(),
                FAULT.plusSeconds(60),
                "outrider",
                "");
        return Incident.open("inc-1", alert, "");
    }

    @Test
    void aSilentCalleeTwoHopsDownIsTheRootCauseAndServicesFurtherAwayAreNotAsked() throws Exception {
        // db is slow; api and front wait for it; billing has its own, larger trouble, but no call links it
        List<ServiceSeries> all = minutes(
                Map.of("db", 200.0, "api", 190.0, "front", 185.0, "billing", 900.0),
                FAULT.plus(Duration.ofMinutes(10)),
                Map.of());
        List<Set<String>> asked = new ArrayList<>();
        RootCause ranked = new IncidentLocalizer(source(all, asked))
                .localize(incidentOnFront(), GRAPH, FAULT.plus(Duration.ofMinutes(10)));

        assertThat(asked).containsExactly(Set.of("front", "api", "db", "cache"));
        assertThat(ranked.top()).isEqualTo("db");
        assertThat(ranked.services()).startsWith("db").doesNotContain("billing", "ledger");
        RootCause.Evidence evidence = ranked.ranking().getFirst().evidence().getFirst();
        assertThat(evidence.series()).isEqualTo("db_lat_99");
        assertThat(evidence.observed()).isGreaterThan(200);
        assertThat(evidence.baseline()).isBetween(18.0, 22.0);
        assertThat(Instant.ofEpochMilli(evidence.sinceMillis())).isEqualTo(FAULT);
    }

    @Test
    void theRankingFollowsTheEvidenceAsItArrives() throws Exception {
        Map<String, Double> jump = Map.of("db", 200.0, "api", 190.0, "front", 185.0);
        Incident incident = incidentOnFront();
        // at first db's minutes after the fault have not been reported yet: the caller that alerted leads
        IncidentLocalizer early = new IncidentLocalizer(source(
                minutes(jump, FAULT.plus(Duration.ofMinutes(3)), Map.of("db", FAULT, "api", FAULT)),
                new ArrayList<>()));
        RootCause first = early.localize(incident, GRAPH, FAULT.plus(Duration.ofMinutes(3)));
        assertThat(first.top()).isEqualTo("front");

        IncidentLocalizer later = new IncidentLocalizer(
                source(minutes(jump, FAULT.plus(Duration.ofMinutes(6)), Map.of()), new ArrayList<>()));
        Incident ranked = incident.withRootCause(first)
                .withRootCause(later.localize(incident, GRAPH, FAULT.plus(Duration.ofMinutes(6))));
        assertThat(ranked.rootCause().top()).isEqualTo("db");
        assertThat(ranked.timeline())
                .filteredOn(e -> e.kind().equals("rootcause"))
                .extracting(Incident.TimelineEntry::text)
                .hasSize(2)
                .last()
                .asString()
                .startsWith("root cause now db: db_lat_99");
    }

    @Test
    void aChangeInAnotherCityExplainsNothingInThisOne() throws Exception {
        // db and cache slow down alike; a fault was injected in each, one in shanghai and one in beijing
        List<ServiceSeries> all = minutes(
                Map.of("db", 200.0, "cache", 200.0, "api", 190.0, "front", 185.0),
                FAULT.plus(Duration.ofMinutes(5)),
                Map.of());
        List<Change> changes = List.of(
                new Change("db", FAULT.minusSeconds(30).toEpochMilli(), "fault latency city=beijing"),
                new Change("cache", FAULT.minusSeconds(30).toEpochMilli(), "fault latency city=shanghai"));
        SeriesSource source = new SeriesSource() {
            @Override
            public List<ServiceSeries> series(Set<String> services, Instant from, Instant to) {
                return all.stream().filter(s -> services.contains(s.service())).toList();
            }

            @Override
            public List<Change> changes(Set<String> services, Instant from, Instant to) {
                return changes;
            }
        };
        RootCause shanghai =
                new IncidentLocalizer(source).localize(incidentOnFront(), GRAPH, FAULT.plus(Duration.ofMinutes(5)));
        assertThat(shanghai.top()).isEqualTo("cache");
        assertThat(shanghai.ranking().getFirst().evidence().getFirst().series())
                .isEqualTo("change: fault latency city=shanghai");
        assertThat(changes.get(0).unit()).isEqualTo("beijing");
        assertThat(changes.get(0).concerns("global")).isTrue();
        assertThat(new Change("db", 0, "rules flow").unit()).isNull();
    }

    @Test
    void aServiceWhoseTroubleAnotherCitysIncidentHoldsIsNoSuspectHere() throws Exception {
        // db fails in beijing (its own incident there) and looks far worse service-wide than cache, slow in shanghai
        List<ServiceSeries> all = minutes(
                Map.of("db", 2000.0, "cache", 200.0, "api", 190.0, "front", 185.0),
                FAULT.plus(Duration.ofMinutes(5)),
                Map.of());
        Incident beijing = Incident.open(
                "inc-2",
                Alert.firing(
                        Map.of("alertname", "Errors", "service", "db", "city", "beijing", "severity", "critical"),
                        Map.of(),
                        FAULT.plusSeconds(20),
                        "outrider",
                        ""),
                "");
        IncidentLocalizer localizer = new IncidentLocalizer(source(all, new ArrayList<>()));
        Instant now = FAULT.plus(Duration.ofMinutes(5));

        assertThat(localizer.localize(incidentOnFront(), GRAPH, now).top()).isEqualTo("db");
        RootCause shanghai = localizer.localize(incidentOnFront(), GRAPH, now, List.of(incidentOnFront(), beijing));
        assertThat(shanghai.top()).isEqualTo("cache");
        assertThat(shanghai.services()).doesNotContain("db");
        // beijing's own incident still names db
        assertThat(localizer
                        .localize(beijing, GRAPH, now, List.of(incidentOnFront(), beijing))
                        .top())
                .isEqualTo("db");
        // a resolved incident elsewhere holds nothing
        assertThat(IncidentLocalizer.heldElsewhere(
                        incidentOnFront(), List.of(beijing.transition(IncidentStatus.RESOLVED, "ops", now))))
                .isEmpty();
    }

    @Test
    void theAnomalyIsTakenToStartAMinuteBeforeTheFirstAlert() {
        assertThat(IncidentLocalizer.anomalyStart(incidentOnFront())).isEqualTo(FAULT);
    }
}
