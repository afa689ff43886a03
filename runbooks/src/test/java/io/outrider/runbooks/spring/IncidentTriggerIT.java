package io.outrider.runbooks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.core.incident.RootCause;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.testing.SharedInfrastructure;
import io.outrider.infra.testing.TestClock;
import io.outrider.runbooks.action.ControlClient;
import io.outrider.runbooks.catalog.Runbook;
import io.outrider.runbooks.catalog.RunbookFiles;
import io.outrider.runbooks.run.AuditLog;
import io.outrider.runbooks.run.Run;
import io.outrider.runbooks.run.RunListener;
import io.outrider.runbooks.run.RunStore;
import io.outrider.runbooks.run.RunbookExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The incidents topic into runbook runs: proposed once per occurrence of an incident, again when it comes back. */
@ExtendWith(SharedInfrastructure.class)
class IncidentTriggerIT {

    private static final Runbook NOTIFY =
            java.util.Objects.requireNonNull(RunbookFiles.parse("it.yml", """
                    id: notify-pricing
                    title: Tell the pricing team
                    trigger: { service: pricing-service, symptom: errors }
                    mode: auto
                    steps:
                      - { action: notify, message: pricing fails }
                    guardrails: { maxAutoRunsPerHour: 10, holdAfterResolve: 1m }
                    """).runbook());

    private static ElasticsearchConnection es;
    private final TestClock clock = new TestClock(Instant.now());
    private final String prefix = "trigger-it-" + System.nanoTime() + "-";
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        es = ElasticsearchConnection.open(
                List.of(SharedInfrastructure.elasticsearchUri()), Duration.ofSeconds(5), Duration.ofSeconds(30));
        new IndexTemplates(es.client(), new IndexTemplates.IndexSettings(1, 0))
                .install(List.of(RunStore.indexTemplate(), AuditLog.indexTemplate()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (es != null) es.close();
    }

    private Incident pricingErrors(String id) {
        Alert alert = Alert.firing(
                Map.of(
                        "alertname",
                        "ServiceErrorSpike",
                        "service",
                        "pricing-service",
                        "symptom",
                        "errors",
                        "severity",
                        "critical"),
                Map.of(),
                clock.instant(),
                "outrider",
                "");
        return Incident.open(id, alert, "test")
                .withRootCause(new RootCause(
                        clock.instant(), List.of(new RootCause.Suspect("pricing-service", 10, List.of()))));
    }

    @Test
    void anIncidentThatComesBackAfterItWasResolvedGetsItsRunbookAgain() throws Exception {
        RunStore runs = new RunStore(es.client(), "outrider-runbook-runs-" + prefix.replace("-", ""));
        ResolvedIncidents resolved = new ResolvedIncidents();
        RunbookExecutor executor = new RunbookExecutor(
                () -> Map.of(NOTIFY.id(), NOTIFY),
                runs,
                new AuditLog(es.client(), "outrider-audit-" + prefix),
                new ControlClient(Map.of(), "token", Duration.ofSeconds(1)),
                resolved::at,
                new RunbookExecutor.Settings("a", Duration.ofMinutes(15), Duration.ofSeconds(30), List.of()),
                clock,
                () -> prefix + ids.incrementAndGet(),
                RunListener.NONE);
        IncidentTrigger trigger = new IncidentTrigger(() -> Map.of(NOTIFY.id(), NOTIFY), executor, resolved, true);
        String id = "INC-" + prefix + "1";
        Incident open = pricingErrors(id);

        trigger.changed(open);
        trigger.changed(open); // the same occurrence, changed again (a new ranking): no second run
        assertThat(runs.forIncident(id)).singleElement().extracting(Run::state).isEqualTo(Run.State.SUCCEEDED);

        Incident done = open.transition(IncidentStatus.RESOLVED, "ops", clock.instant());
        trigger.changed(done);
        clock.advance(Duration.ofMinutes(2)); // past the hold: the run is taken back
        executor.tick();
        assertThat(runs.forIncident(id)).singleElement().extracting(Run::state).isEqualTo(Run.State.REVERTED);

        trigger.changed(done.transition(IncidentStatus.TRIGGERED, "correlator", clock.instant()));
        assertThat(runs.forIncident(id))
                .extracting(Run::state)
                .containsExactlyInAnyOrder(Run.State.REVERTED, Run.State.SUCCEEDED);
    }
}
