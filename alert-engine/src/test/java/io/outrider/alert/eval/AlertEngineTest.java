package io.outrider.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.alert.lifecycle.AlertState;
import io.outrider.alert.rule.RuleFiles;
import io.outrider.alert.rule.RuleSet;
import io.outrider.alert.silence.LabelMatcher;
import io.outrider.alert.silence.Silence;
import io.outrider.core.alert.Alert;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule type through the whole engine — windows, evaluation, lifecycle, muting, events — on a test clock. */
class AlertEngineTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final List<Alert> events = new ArrayList<>();
    private final List<Silence> silences = new ArrayList<>();
    private final AlertEngine engine = new AlertEngine(
            new AlertEngine.Settings("http://console", Duration.ofSeconds(5), 100_000),
            clock,
            events::add,
            () -> silences);
    private int sequence;

    private void rules(String yaml) {
        RuleFiles.Parsed parsed = RuleFiles.parse("test.yml", yaml);
        assertThat(parsed.errors()).isEmpty();
        engine.setRules(parsed.ruleSet());
    }

    private void request(String service, String endpoint, long millis, boolean failed) {
        Message root = Message.transaction(
                clock.millis(), "URL", endpoint, failed ? "ERROR" : Message.SUCCESS, "", millis * 1000, List.of());
        engine.add(new MessageTree(
                service, "host", "10.0.0.1", "", "1", "main", service + "-" + sequence++, null, null, root));
    }

    /** A request for {@code city}, named in the root's data as the logistics core writes it. */
    private void requestIn(String city, String service, long millis, boolean failed) {
        Message root = Message.transaction(
                clock.millis(),
                "URL",
                "/price",
                failed ? "ERROR" : Message.SUCCESS,
                "city=" + city + "&area=a1",
                millis * 1000,
                List.of());
        engine.add(new MessageTree(
                service, "host", "10.0.0.1", "", "1", "main", service + "-" + sequence++, null, null, root));
    }

    private void background(String service, String job, boolean failed) {
        Message root = Message.transaction(
                clock.millis(), "Dispatch", job, failed ? "ERROR" : Message.SUCCESS, "", 2_000_000, List.of());
        engine.add(new MessageTree(
                service, "host", "10.0.0.1", "", "1", "main", service + "-" + sequence++, null, null, root));
    }

    private void point(String name, Map<String, String> labels, double value) {
        engine.add(MetricPoint.of(name, labels, clock.millis(), value));
    }

    /** Runs {@code seconds} of traffic, one second at a time, ticking every second. */
    private void run(int seconds, Runnable perSecond) {
        for (int s = 0; s < seconds; s++) {
            perSecond.run();
            clock.advance(Duration.ofSeconds(1));
            engine.tick();
        }
    }

    private List<Alert> firing() {
        return events.stream().filter(e -> e.status() == Alert.Status.FIRING).toList();
    }

    private List<Alert> resolved() {
        return events.stream().filter(e -> e.status() == Alert.Status.RESOLVED).toList();
    }

    private static final String HEARTBEAT = """
            rules:
              - name: Heartbeat
                type: absence
                query: { metric: jvm_threads, by: [service, ip] }
                window: 10s
                intervals: 3
                resolve_after: 0s
                labels: { symptom: heartbeat, severity: critical }
            """;

    private static final String ERRORS = """
            rules:
              - name: Errors
                type: threshold
                query: { metric: error_ratio, by: [service], min_count: 5 }
                window: 10s
                op: ">"
                value: 0.2
                for: 20s
                resolve_after: 30s
                labels: { symptom: errors, severity: critical }
                annotations: { summary: "{{service}} fails {{observed}} (limit {{expected}})" }
            """;

    @Test
    void thresholdFiresAfterForAndResolvesAfterTheHysteresis() {
        rules(ERRORS);
        run(60, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i == 0);
        });
        assertThat(events).isEmpty(); // 10 % errors
        run(15, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5);
        });
        assertThat(events).isEmpty(); // pending: not yet 20 s
        run(30, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5);
        });
        assertThat(firing()).singleElement().satisfies(alert -> {
            assertThat(alert.labels())
                    .containsEntry("alertname", "Errors")
                    .containsEntry("service", "order-service")
                    .containsEntry("symptom", "errors")
                    .containsEntry("severity", "critical");
            assertThat(alert.annotations())
                    .containsEntry("summary", "order-service fails 0.5000 (limit 0.2000)")
                    .containsEntry("observed", "0.5000")
                    .containsEntry("expected", "0.2000")
                    .containsEntry("link", "http://console/api/topology/services/order-service");
            assertThat(alert.source()).isEqualTo("outrider");
        });
        run(20, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, false);
        });
        assertThat(resolved()).isEmpty(); // one good window does not resolve
        run(30, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, false);
        });
        assertThat(resolved()).singleElement().satisfies(alert -> {
            assertThat(alert.fingerprint()).isEqualTo(firing().getFirst().fingerprint());
            assertThat(alert.endsAt()).isAfter(alert.startsAt());
        });
    }

    @Test
    void aPreviewEvaluatesARuleOnTheLastClosedWindowWithoutKeepingIt() {
        rules(ERRORS);
        RuleFiles.Parsed stricter = RuleFiles.parseRule("preview", """
                name: Errors5
                type: threshold
                query: { metric: error_ratio, by: [service], min_count: 5 }
                window: 10s
                op: ">"
                value: 0.05
                labels: { symptom: errors, severity: warning }
                """);
        assertThat(stricter.errors()).isEmpty();
        assertThat(engine.preview(stricter.ruleSet().rules().getFirst()))
                .as("no window closed yet")
                .isEmpty();
        run(30, () -> {
            for (int i = 0; i < 10; i++) {
                request("order-service", "/orders", 20, i == 0);
                request("eta-service", "/eta", 20, false);
            }
        });

        AlertEngine.Preview preview =
                engine.preview(stricter.ruleSet().rules().getFirst()).orElseThrow();
        assertThat(preview.observations()).hasSize(2);
        assertThat(preview.observations())
                .hasEntrySatisfying(
                        new java.util.TreeMap<>(Map.of("service", "order-service")),
                        o -> assertThat(o.holds()).isTrue())
                .hasEntrySatisfying(
                        new java.util.TreeMap<>(Map.of("service", "eta-service")),
                        o -> assertThat(o.holds()).isFalse());
        assertThat(preview.end().toEpochMilli() - preview.start().toEpochMilli())
                .isEqualTo(10_000);
        // the preview kept nothing: the rules in force (10 % errors < 20 %) track nothing
        assertThat(engine.tracked()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void aSilenceMutesTheAlertUntilItEnds() {
        rules(ERRORS);
        silences.add(new Silence(
                "s1",
                List.of(LabelMatcher.parse("service=\"order-service\"")),
                clock.instant(),
                clock.instant().plus(Duration.ofMinutes(2)),
                "alice",
                "deploying"));
        run(90, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5);
        });
        assertThat(events).isEmpty();
        assertThat(engine.tracked()).singleElement().satisfies(t -> {
            assertThat(t.phase()).isEqualTo(AlertState.Phase.FIRING);
            assertThat(t.mutedBy()).contains("silenced by s1 (alice: deploying)");
        });
        run(60, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5);
        });
        assertThat(firing()).hasSize(1); // the silence ended while it still fires
    }

    @Test
    void rateOfChangeFiresOnAThroughputDropAndOnSilence() {
        rules("""
                rules:
                  - name: Drop
                    type: change
                    query: { metric: requests, by: [service] }
                    window: 10s
                    direction: drop
                    percent: 50
                    baseline: 6
                    min_baseline: 20
                    labels: { symptom: traffic, severity: critical }
                """);
        run(120, () -> {
            for (int i = 0; i < 10; i++) request("dispatch-service", "/match", 5, false);
        });
        run(30, () -> {
            for (int i = 0; i < 6; i++) request("dispatch-service", "/match", 5, false);
        });
        assertThat(events).isEmpty(); // 40 % down
        run(30, () -> request("dispatch-service", "/match", 5, false));
        assertThat(firing())
                .singleElement()
                .satisfies(a -> assertThat(a.annotations().get("detail")).contains("below its mean"));
        events.clear();
        run(150, () -> {
            for (int i = 0; i < 10; i++) request("dispatch-service", "/match", 5, false);
        });
        assertThat(resolved()).hasSize(1);
        events.clear();
        run(60, () -> {}); // nothing at all: a drop to zero
        assertThat(firing())
                .singleElement()
                .satisfies(a -> assertThat(a.annotations()).containsEntry("observed", "0"));
    }

    @Test
    void burnRateFiresWhenBothWindowsBurnFasterThanTheFactor() {
        rules("""
                rules:
                  - name: SLO
                    type: burn_rate
                    query: { by: [service] }
                    window: 10s
                    objective: availability
                    target: 0.99
                    windows: [{ long: 10m, short: 1m, factor: 10 }]
                    labels: { symptom: errors, severity: critical }
                """);
        // 5 % errors = 5× the 1 % budget: not enough
        run(600, () -> {
            for (int i = 0; i < 20; i++) request("eta-service", "/eta", 5, i == 0);
        });
        assertThat(events).isEmpty();
        // 50 % errors: the short window at once, the long one once ~12 % of it (≥ 10 % average) failed
        run(45, () -> {
            for (int i = 0; i < 20; i++) request("eta-service", "/eta", 5, i % 2 == 0);
        });
        assertThat(events).isEmpty();
        run(60, () -> {
            for (int i = 0; i < 20; i++) request("eta-service", "/eta", 5, i % 2 == 0);
        });
        assertThat(firing())
                .singleElement()
                .satisfies(a -> assertThat(a.annotations().get("detail"))
                        .contains("availability SLO 99%")
                        .contains("over 10m"));
        // recovery: the short window clears within a minute, and it resolves resolve_after (2 min) later
        run(240, () -> {
            for (int i = 0; i < 20; i++) request("eta-service", "/eta", 5, false);
        });
        assertThat(resolved()).hasSize(1);
    }

    @Test
    void latencyBurnRateCountsSlowRequests() {
        rules("""
                rules:
                  - name: Slow
                    type: burn_rate
                    query: { by: [service] }
                    window: 10s
                    objective: latency
                    latency_ms: 300
                    target: 0.9
                    windows: [{ long: 2m, short: 30s, factor: 2 }]
                    labels: { symptom: latency, severity: warning }
                """);
        run(180, () -> {
            for (int i = 0; i < 10; i++) request("pricing-service", "/price", i == 0 ? 500 : 50, false);
        });
        assertThat(events).isEmpty(); // 10 % slow = 1× budget
        run(180, () -> {
            for (int i = 0; i < 10; i++) request("pricing-service", "/price", i < 5 ? 500 : 50, false);
        });
        assertThat(firing()).singleElement();
    }

    @Test
    void anomalyFiresOnAnUnusualValueOfASteadySeries() {
        rules("""
                rules:
                  - name: Unusual
                    type: anomaly
                    query: { metric: latency_p99_ms, by: [service] }
                    window: 10s
                    score: 0.8
                    labels: { symptom: latency, severity: warning }
                """);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        run(1800, () -> {
            for (int i = 0; i < 5; i++) request("rider-service", "/riders", 40 + random.nextInt(20), false);
        });
        assertThat(events).isEmpty();
        run(20, () -> {
            for (int i = 0; i < 5; i++) request("rider-service", "/riders", 900, false);
        });
        assertThat(firing())
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("symptom", "latency"));
    }

    @Test
    void absenceFiresWhenAHeartbeatStopsAndResolvesWhenItReturns() {
        rules(HEARTBEAT);
        Map<String, String> labels = Map.of("domain", "order-service", "ip", "10.0.0.7");
        run(60, () -> point("jvm_threads", labels, 40));
        run(25, () -> {});
        assertThat(events).isEmpty();
        run(10, () -> {});
        assertThat(firing())
                .singleElement()
                .satisfies(a -> assertThat(a.labels())
                        .containsEntry("service", "order-service")
                        .containsEntry("ip", "10.0.0.7"));
        run(20, () -> point("jvm_threads", labels, 40));
        assertThat(resolved()).hasSize(1);
    }

    @Test
    void servicesWhosePartitionsMovedToAnotherInstanceAreForgottenNotReportedMissing() {
        rules(HEARTBEAT + """
                  - name: TrafficStop
                    type: change
                    query: { metric: requests, by: [service] }
                    window: 10s
                    direction: drop
                    percent: 80
                    baseline: 3
                    min_baseline: 10
                    labels: { symptom: traffic, severity: critical }
                """);
        run(60, () -> {
            point("jvm_threads", Map.of("domain", "order-service", "ip", "10.0.0.7"), 40);
            point("jvm_threads", Map.of("domain", "eta-service", "ip", "10.0.0.8"), 40);
            for (int i = 0; i < 5; i++) {
                request("order-service", "/orders", 20, false);
                request("eta-service", "/eta", 20, false);
            }
        });
        // a rebalance gives eta-service's partition to another instance: its data stops arriving here
        engine.forget(java.util.Set.of("eta-service"));
        run(60, () -> {
            point("jvm_threads", Map.of("domain", "order-service", "ip", "10.0.0.7"), 40);
            for (int i = 0; i < 5; i++) request("order-service", "/orders", 20, false);
        });
        assertThat(events)
                .as("neither a lost heartbeat nor a traffic stop of eta-service")
                .isEmpty();
        // order-service is still this instance's: its silence is still noticed
        run(40, () -> {});
        assertThat(firing())
                .extracting(a -> a.labels().get("alertname") + " " + a.labels().get("service"))
                .containsExactlyInAnyOrder("Heartbeat order-service", "TrafficStop order-service");
        // when order-service moves too, its firing alerts are resolved as handed over: no one leaves them firing
        events.clear();
        engine.forget(java.util.Set.of("order-service"));
        assertThat(resolved())
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.annotations().get("detail")).contains("handed over"));
        run(60, () -> {});
        assertThat(firing()).isEmpty();
    }

    @Test
    void compositeFiresOnlyWhenBothPartsHoldForTheSameService() {
        rules(ERRORS + """
                  - name: Slow
                    type: threshold
                    query: { metric: latency_p99_ms, by: [service], min_count: 5 }
                    window: 10s
                    op: ">"
                    value: 500
                    labels: { symptom: latency, severity: warning }
                  - name: ErrorsAndSlow
                    type: composite
                    all: [Errors, Slow]
                    on: [service]
                    window: 10s
                    labels: { symptom: errors, severity: critical }
                """);
        run(60, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5); // errors, fast
            for (int i = 0; i < 10; i++) request("eta-service", "/eta", 800, false); // slow, no errors
        });
        assertThat(firing()).extracting(a -> a.labels().get("alertname")).containsOnly("Errors", "Slow");
        events.clear();
        run(60, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 800, i < 5);
        });
        assertThat(firing())
                .filteredOn(a -> a.labels().get("alertname").equals("ErrorsAndSlow"))
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("service", "order-service"));
    }

    @Test
    void kpiRatiosOfCountersArePerCityAndInhibitionMutesTheEffects() {
        rules("""
                rules:
                  - name: DispatchRate
                    type: threshold
                    query:
                      metric: logistics_orders_dispatched_total
                      ratio_to: logistics_orders_created_total
                      by: [city]
                      min_count: 5
                    window: 10s
                    op: "<"
                    value: 0.8
                    labels: { symptom: kpi, severity: critical }
                  - name: Down
                    type: threshold
                    query: { metric: up, by: [service], aggregate: min }
                    window: 10s
                    op: "<"
                    value: 1
                    labels: { symptom: heartbeat, severity: critical, city: beijing }
                inhibit_rules:
                  - { source: ['symptom="heartbeat"'], target: ['symptom="kpi"'], equal: [city] }
                """);
        double[] created = {0, 0};
        double[] dispatched = {0, 0};
        run(60, () -> {
            created[0] += 10;
            dispatched[0] += 10;
            created[1] += 10;
            dispatched[1] += 10;
            counters(created, dispatched);
        });
        assertThat(events).isEmpty();
        run(30, () -> {
            created[0] += 10;
            dispatched[0] += 3; // shanghai: 30 % dispatched
            created[1] += 10;
            dispatched[1] += 3; // beijing too, but its order service is down
            counters(created, dispatched);
            point("up", Map.of("service", "order-service", "city", "beijing"), 0);
        });
        assertThat(firing())
                .extracting(a -> a.labels().get("alertname") + "/" + a.labels().get("city"))
                .containsExactlyInAnyOrder("DispatchRate/shanghai", "Down/beijing");
        assertThat(engine.tracked())
                .filteredOn(t ->
                        "beijing".equals(t.labels().get("city")) && t.rule().equals("DispatchRate"))
                .singleElement()
                .satisfies(t -> assertThat(t.mutedBy()).startsWith("inhibited by"));
    }

    private void counters(double[] created, double[] dispatched) {
        point("logistics_orders_created_total", Map.of("city", "shanghai", "service", "order-service"), created[0]);
        point(
                "logistics_orders_dispatched_total",
                Map.of("city", "shanghai", "service", "order-service"),
                dispatched[0]);
        point("logistics_orders_created_total", Map.of("city", "beijing", "service", "order-service"), created[1]);
        point(
                "logistics_orders_dispatched_total",
                Map.of("city", "beijing", "service", "order-service"),
                dispatched[1]);
    }

    @Test
    void aFlappingAlertIsKeptFiringInsteadOfPagingAgain() {
        rules(ERRORS.replace("for: 20s", "for: 0s").replace("resolve_after: 30s", "resolve_after: 10s"));
        for (int cycle = 0; cycle < 6; cycle++) {
            run(30, () -> {
                for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5);
            });
            run(30, () -> {
                for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, false);
            });
        }
        // three fire/resolve cycles make it flapping; from then on it stays firing through the gaps
        assertThat(firing()).hasSize(4);
        assertThat(engine.tracked())
                .singleElement()
                .satisfies(t -> assertThat(t.flapping()).isTrue());
    }

    @Test
    void changedRulesResolveTheirAlertsAndUnchangedOnesKeepTheirState() {
        rules(ERRORS);
        run(60, () -> {
            for (int i = 0; i < 10; i++) request("order-service", "/orders", 20, i < 5);
        });
        assertThat(firing()).hasSize(1);
        rules("# a comment moves the rule down a line\n" + ERRORS);
        assertThat(resolved()).isEmpty();
        rules(ERRORS.replace("value: 0.2", "value: 0.6"));
        assertThat(resolved())
                .singleElement()
                .satisfies(a -> assertThat(a.annotations().get("detail")).isEqualTo("rule changed or removed"));
    }

    @Test
    void backgroundWorkIsAnEndpointButNotPartOfTheServiceRequests() {
        rules(ERRORS + """
                  - name: JobErrors
                    type: threshold
                    query: { metric: error_ratio, by: [service, endpoint], min_count: 5 }
                    window: 10s
                    op: ">"
                    value: 0.2
                    labels: { symptom: errors, severity: warning }
                """);
        run(60, () -> {
            for (int i = 0; i < 10; i++) request("dispatch-service", "/dispatch", 20, false);
            for (int i = 0; i < 10; i++) background("dispatch-service", "batch:shanghai", true);
        });
        assertThat(firing())
                .singleElement()
                .satisfies(a -> assertThat(a.labels())
                        .containsEntry("alertname", "JobErrors")
                        .containsEntry("endpoint", "Dispatch:batch:shanghai"));
    }

    @Test
    void endpointsWithIdsInTheirNamesAreCappedPerService() {
        rules("""
                rules:
                  - name: Busy
                    type: threshold
                    query: { metric: requests, by: [service, endpoint] }
                    window: 10s
                    op: ">="
                    value: 1
                    labels: { symptom: traffic, severity: info }
                """);
        int[] order = {0};
        run(10, () -> {
            for (int i = 0; i < 100; i++) request("order-service", "/orders/beijing-" + order[0]++, 5, false);
        });
        run(6, () -> {}); // the window closes
        assertThat(firing())
                .extracting(a -> a.labels().get("endpoint"))
                .hasSize(io.outrider.alert.window.WindowAggregator.MAX_ENDPOINTS_PER_SERVICE + 1)
                .contains("URL:_other");
    }

    /** {@link #ERRORS} at once (no {@code for}), for a city alone when only it fails. */
    private static final String CITY_ERRORS = ERRORS.replace("for: 20s", "single_out: city");

    /** Ten requests a second in each city, {@code failing} of them failed in the cities named. */
    private void cities(int seconds, int failing, String... failingCities) {
        List<String> bad = List.of(failingCities);
        run(seconds, () -> {
            for (String city : List.of("shanghai", "beijing", "shenzhen"))
                for (int i = 0; i < 10; i++) requestIn(city, "pricing-service", 5, bad.contains(city) && i < failing);
        });
    }

    /** {@link #CITY_ERRORS} and a latency rule for the whole service, with its {@code timing} line. */
    private static String cityErrorsAndSlow(String timing) {
        return CITY_ERRORS + """
                  - name: Slow
                    type: threshold
                    query: { metric: latency_p99_ms, by: [service], min_count: 5 }
                    window: 10s
                    op: ">"
                    value: 100
                    %s
                    labels: { symptom: latency, severity: warning }
                """.formatted(timing);
    }

    /** Ten requests a second in each city; beijing's take 500 ms and 6 of them fail. */
    private void beijingFailsSlowly(int seconds) {
        run(seconds, () -> {
            for (String city : List.of("shanghai", "beijing", "shenzhen"))
                for (int i = 0; i < 10; i++) {
                    boolean beijing = city.equals("beijing");
                    requestIn(city, "pricing-service", beijing ? 500 : 5, beijing && i < 6);
                }
        });
    }

    @Test
    void aFaultInOneCityAlertsForThatCityAndAFaultEverywhereForTheService() {
        rules(CITY_ERRORS);
        cities(30, 0);
        cities(30, 6, "beijing"); // 60 % in beijing: 20 % of the service, not over the line on its own
        assertThat(firing()).singleElement().satisfies(alert -> {
            assertThat(alert.labels())
                    .containsEntry("service", "pricing-service")
                    .containsEntry("city", "beijing");
            assertThat(alert.unit()).isEqualTo("beijing");
            assertThat(alert.annotations().get("detail"))
                    .isEqualTo("error_ratio 0.6000 > 0.2000 in beijing, 0 elsewhere");
        });
        cities(60, 0);
        assertThat(resolved()).hasSize(1);
        events.clear();

        cities(30, 6, "shanghai", "beijing", "shenzhen"); // everywhere: one alert, the service's
        assertThat(firing()).singleElement().satisfies(alert -> {
            assertThat(alert.labels())
                    .containsEntry("service", "pricing-service")
                    .doesNotContainKey("city");
            assertThat(alert.unit()).isEqualTo("global");
        });
    }

    @Test
    void anAlertThatFollowedACityEarlierIsTheServicesWhenItComesBackEverywhere() {
        rules(cityErrorsAndSlow("resolve_after: 30s"));
        cities(30, 0);
        beijingFailsSlowly(30);
        cities(90, 0); // all resolved
        assertThat(firing()).extracting(a -> a.labels().get("city")).containsOnly("beijing");
        events.clear();
        run(
                30,
                () -> { // later, everything is slow, nothing fails
                    for (String city : List.of("shanghai", "beijing", "shenzhen"))
                        for (int i = 0; i < 10; i++) requestIn(city, "pricing-service", 500, false);
                });
        assertThat(firing())
                .singleElement()
                .satisfies(alert -> assertThat(alert.labels())
                        .containsEntry("alertname", "Slow")
                        .doesNotContainKey("city"));
    }

    @Test
    void aCitySingledOutStaysSoWhileTheOthersAreTooQuietToJudge() {
        rules(CITY_ERRORS);
        cities(30, 0);
        cities(20, 6, "beijing");
        run(
                40,
                () -> { // a circuit breaker in front of the service: only a few of beijing's requests get through
                    for (int i = 0; i < 10; i++) requestIn("beijing", "pricing-service", 5, i < 6);
                    if (clock.millis() % 10_000 == 0) requestIn("shanghai", "pricing-service", 5, false);
                });
        assertThat(firing())
                .singleElement()
                .satisfies(alert -> assertThat(alert.labels()).containsEntry("city", "beijing"));
        assertThat(engine.tracked())
                .filteredOn(t -> t.labels().containsKey("city"))
                .singleElement()
                .satisfies(t -> assertThat(t.last().detail()).endsWith("in beijing, too few requests elsewhere"));
    }

    @Test
    void aCitysFaultThatSpreadsBecomesTheServicesAlert() {
        rules(CITY_ERRORS);
        cities(30, 0);
        cities(20, 6, "beijing");
        cities(30, 6, "shanghai", "beijing", "shenzhen");
        assertThat(firing())
                .extracting(a -> a.labels().getOrDefault("city", "(service)"))
                .containsExactly("beijing", "(service)");
        assertThat(firing().get(1).fingerprint()).isNotEqualTo(firing().get(0).fingerprint());
    }

    @Test
    void aCityIsNotSingledOutWhileTheOtherCitiesAreNotClearlyWell() {
        rules(CITY_ERRORS);
        cities(30, 6, "beijing", "shenzhen"); // two cities of three: 40 % of the service
        assertThat(firing())
                .singleElement()
                .satisfies(alert -> assertThat(alert.labels()).doesNotContainKey("city"));
        events.clear();
        cities(60, 0);
        events.clear();
        run(
                30,
                () -> { // beijing 60 %, the others 15 %: over half the line, so not beijing's alone
                    for (String city : List.of("shanghai", "beijing", "shenzhen"))
                        for (int i = 0; i < 20; i++)
                            requestIn(city, "pricing-service", 5, city.equals("beijing") ? i < 12 : i < 3);
                });
        assertThat(firing())
                .singleElement()
                .satisfies(alert -> assertThat(alert.labels()).doesNotContainKey("city"));
    }

    @Test
    void otherAlertsOfAServiceWhoseTroubleIsInOneCityGoToThatCity() {
        rules(cityErrorsAndSlow("for: 20s"));
        cities(30, 0);
        beijingFailsSlowly(60); // only the error rule singles beijing out
        assertThat(firing())
                .extracting(a -> a.labels().get("alertname") + " " + a.labels().get("city"))
                .containsExactlyInAnyOrder("Errors beijing", "Slow beijing");
    }

    @Test
    void lateDataIsCountedNotMixedIntoClosedWindows() {
        rules(ERRORS);
        run(30, () -> request("order-service", "/orders", 20, false));
        Message old = Message.transaction(clock.millis() - 60_000, "URL", "/orders", "0", "", 1000, List.of());
        engine.add(new MessageTree("order-service", "h", "10.0.0.1", "", "1", "m", "late-1", null, null, old));
        assertThat(engine.aggregator().late()).isEqualTo(2); // one per window size
        assertThat(RuleSet.EMPTY.rules()).isEmpty();
    }
}
