package io.outrider.dedup.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every correlator must do, whatever decides inside it: the rule-based one and the learned one run these
 * same tests. The topology is the logistics core's: order → pricing, eta, dispatch; dispatch → rider, eta, order.
 */
abstract class CorrelatorContract {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final CallGraph LOGISTICS = new CallGraph(Map.of(
            "order-service", Set.of("pricing-service", "eta-service", "dispatch-service"),
            "dispatch-service", Set.of("rider-service", "eta-service", "order-service"),
            "catalogue", Set.of("catalogue-db"),
            "billing", Set.of("billing-db")));

    abstract Correlator correlator();

    private final AtomicInteger ids = new AtomicInteger();

    IncidentBook book() {
        return new IncidentBook(correlator(), () -> LOGISTICS, () -> "inc-" + ids.incrementAndGet());
    }

    static Alert alert(String name, String service, String symptom, String city, Instant at) {
        Map<String, String> labels =
                new HashMap<>(Map.of("alertname", name, "symptom", symptom, "severity", "critical", "city", city));
        if (service != null) labels.put("service", service);
        return Alert.firing(labels, Map.of(), at, "outrider", "");
    }

    @Test
    void aStormOfOneAlertIsOneIncidentWithOneEntry() {
        IncidentBook book = book();
        Alert alert = alert("Errors", "pricing-service", "errors", "shanghai", T0);
        for (int i = 0; i < 50; i++) book.accept(alert);
        assertThat(book.incidents()).singleElement().satisfies(i -> {
            assertThat(i.alerts()).hasSize(1);
            assertThat(i.alertCount()).isEqualTo(1);
        });
    }

    @Test
    void aFaultAndItsEffectsInCallersAndKpisAreOneIncident() {
        IncidentBook book = book();
        book.accept(alert("Errors", "pricing-service", "errors", "shanghai", T0));
        book.accept(alert("Latency", "order-service", "latency", "shanghai", T0.plusSeconds(20)));
        book.accept(alert("EndpointErrors", "order-service", "errors", "shanghai", T0.plusSeconds(40)));
        book.accept(alert("Latency", "dispatch-service", "latency", "shanghai", T0.plusSeconds(60)));
        book.accept(alert("DispatchRateLow", null, "kpi", "shanghai", T0.plusSeconds(90)));
        assertThat(book.incidents()).singleElement().satisfies(i -> {
            assertThat(i.services()).containsExactly("dispatch-service", "order-service", "pricing-service");
            assertThat(i.alerts()).hasSize(5);
            assertThat(i.timeline().get(1).text()).contains("hop");
        });
    }

    @Test
    void independentFaultsInOtherCitiesOrFarApartInTheGraphAreSeparateIncidents() {
        IncidentBook book = book();
        book.accept(alert("Errors", "pricing-service", "errors", "shanghai", T0));
        book.accept(alert("Errors", "pricing-service", "errors", "beijing", T0.plusSeconds(5)));
        book.accept(alert("Latency", "catalogue", "latency", "shanghai", T0.plusSeconds(10)));
        book.accept(alert("Latency", "billing", "latency", "shanghai", T0.plusSeconds(15)));
        assertThat(book.incidents()).hasSize(4);
    }

    @Test
    void theSameProblemHoursLaterIsANewIncidentOnceTheFirstResolved() {
        IncidentBook book = book();
        Alert first = alert("Errors", "eta-service", "errors", "shenzhen", T0);
        book.accept(first);
        Incident resolved =
                book.accept(first.resolved(T0.plusSeconds(300), Map.of())).incident();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        book.accept(alert("Latency", "order-service", "latency", "shenzhen", T0.plusSeconds(3 * 3600)));
        assertThat(book.incidents()).hasSize(2);
    }

    @Test
    void mergingMovesTheAlertsAndMarksTheSourceMerged() {
        IncidentBook book = book();
        String a = book.accept(alert("Errors", "pricing-service", "errors", "shanghai", T0))
                .incident()
                .id();
        String b = book.accept(alert("Latency", "catalogue", "latency", "shanghai", T0.plusSeconds(5)))
                .incident()
                .id();
        IncidentBook.Merge merge = book.merge(b, a, "alice", T0.plusSeconds(60));
        assertThat(merge.into().services()).containsExactly("catalogue", "pricing-service");
        assertThat(merge.feedback()).singleElement().satisfies(p -> {
            assertThat(p.together()).isTrue();
            assertThat(p.source()).isEqualTo("merge " + b + " into " + a + " by alice");
        });
        assertThat(book.incident(b).status()).isEqualTo(IncidentStatus.MERGED);
        // the merged alert firing again goes to the incident it was merged into
        assertThat(book.accept(alert("Latency", "catalogue", "latency", "shanghai", T0.plusSeconds(70)))
                        .incident()
                        .id())
                .isEqualTo(a);
    }

    @Test
    void splittingMovesTheAlertsToANewIncidentAndLabelsThemApart() {
        IncidentBook book = book();
        Alert pricing = alert("Errors", "pricing-service", "errors", "shanghai", T0);
        Alert order = alert("Latency", "order-service", "latency", "shanghai", T0.plusSeconds(20));
        Alert orderErrors = alert("EndpointErrors", "order-service", "errors", "shanghai", T0.plusSeconds(25));
        String id = book.accept(pricing).incident().id();
        book.accept(order);
        book.accept(orderErrors);
        assertThat(book.incidents()).hasSize(1);

        IncidentBook.Split split =
                book.split(id, Set.of(order.fingerprint(), orderErrors.fingerprint()), "bob", T0.plusSeconds(60));
        assertThat(split.remaining().services()).containsExactly("pricing-service");
        assertThat(split.split().services()).containsExactly("order-service");
        assertThat(split.split().alerts()).hasSize(2);
        assertThat(split.remaining().timeline().getLast().text())
                .contains("split off into " + split.split().id());
        assertThat(split.feedback()).filteredOn(TrainingPair::together).hasSize(1);
        assertThat(split.feedback()).filteredOn(p -> !p.together()).hasSize(2);
        // a split alert firing again goes to the incident it was split into
        book.accept(order.resolved(T0.plusSeconds(70), Map.of()));
        assertThat(book.accept(alert("Latency", "order-service", "latency", "shanghai", T0.plusSeconds(80)))
                        .incident()
                        .id())
                .isEqualTo(split.split().id());
    }

    @Test
    void aSplitMustLeaveSomethingAndNameAlertsOfTheIncident() {
        IncidentBook book = book();
        Alert pricing = alert("Errors", "pricing-service", "errors", "shanghai", T0);
        String id = book.accept(pricing).incident().id();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> book.split(id, Set.of(pricing.fingerprint()), "bob", T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("leaves nothing");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> book.split(id, Set.of("nope"), "bob", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no alert nope");
    }
}
