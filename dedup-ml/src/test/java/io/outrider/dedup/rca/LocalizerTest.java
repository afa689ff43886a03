package io.outrider.dedup.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.incident.RootCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Root-cause ranking on simulated microservice metrics: a fault in one service, its effects in the callers. */
class LocalizerTest {

    private static final long START = 1_700_000_600_000L; // the fault starts after 10 minutes of 1-second samples
    private static final int SECONDS = 900;
    private final SplittableRandom random = new SplittableRandom(11);

    /** A noisy series around {@code level}, plus {@code shift} from the fault's start on (ramping over 20 s). */
    private ServiceSeries series(String service, String metric, double level, double noise, double shift) {
        long[] times = new long[SECONDS];
        double[] values = new double[SECONDS];
        for (int i = 0; i < SECONDS; i++) {
            times[i] = START - 600_000 + i * 1000L;
            double ramp = times[i] < START ? 0 : Math.min(1, (times[i] - START) / 20_000.0);
            values[i] = level + noise * random.nextGaussian() + shift * ramp;
        }
        return new ServiceSeries(service, metric, times, values);
    }

    /** The usual metrics of a service: cpu, mem, p50 and p90 latency; the fault adds to some of them. */
    private List<ServiceSeries> service(String name, double cpuShift, double memShift, double latencyShift) {
        return List.of(
                series(name, "cpu", 0.3, 0.05, cpuShift),
                series(name, "mem", 500, 20, memShift),
                series(name, "lat_50", 20, 4, latencyShift),
                series(name, "lat_90", 45, 9, latencyShift * 1.5));
    }

    private static final Map<String, Set<String>> CALLS = Map.of(
            "front-end", Set.of("orders", "carts", "catalogue"),
            "orders", Set.of("payment", "carts"),
            "carts", Set.of(),
            "catalogue", Set.of(),
            "payment", Set.of());

    @Test
    void aCpuHogIsFoundInItsServiceWithoutTheCallGraph() {
        List<ServiceSeries> all = new ArrayList<>();
        all.addAll(service("carts", 0.6, 0, 30)); // the hog: cpu way up, slower
        all.addAll(service("front-end", 0, 0, 10)); // callers slower by less
        all.addAll(service("orders", 0, 0, 8));
        all.addAll(service("catalogue", 0, 0, 0));
        all.addAll(service("payment", 0, 0, 0));
        List<RootCause.Suspect> ranking = Localizer.rank(all, START, null);
        assertThat(ranking.getFirst().service()).isEqualTo("carts");
        RootCause.Evidence top = ranking.getFirst().evidence().getFirst();
        assertThat(top.series()).isEqualTo("carts_cpu");
        assertThat(top.deviation()).isGreaterThan(Localizer.SIGNIFICANT);
        assertThat(top.baseline()).isBetween(0.25, 0.35);
        assertThat(top.sinceMillis()).isBetween(START, START + 20_000);
        assertThat(ranking).hasSize(5);
        assertThat(ranking.getLast().score()).isLessThan(Localizer.SIGNIFICANT + 2);
    }

    @Test
    void aDelayPropagatedToTheCallersIsPinnedOnTheCalleeWithTheCallGraph() {
        List<ServiceSeries> all = new ArrayList<>();
        all.addAll(service("payment", 0, 0, 40)); // delay injected into payment
        all.addAll(service("orders", 0, 0, 40)); // orders waits for payment: as slow
        all.addAll(service("front-end", 0, 0, 40)); // and so does the front end
        all.addAll(service("carts", 0, 0, 0));
        all.addAll(service("catalogue", 0, 0, 0));
        List<RootCause.Suspect> ranking = Localizer.rank(all, START, CALLS);
        assertThat(ranking.getFirst().service()).isEqualTo("payment");
        assertThat(ranking.subList(1, 3))
                .extracting(RootCause.Suspect::service)
                .containsExactlyInAnyOrder("orders", "front-end");
    }

    @Test
    void aChangeJustBeforeTheAnomalyCountsAgainstItsServiceAndAMitigationAfterItDoesNot() {
        // orders got a new flow rule a few minutes before: it throttles, front-end sees errors; payment is fine
        List<ServiceSeries> all = new ArrayList<>();
        all.addAll(service("front-end", 0, 0, 30));
        all.addAll(service("orders", 0, 0, 20));
        all.addAll(service("payment", 0, 0, 25)); // a coincidental slowdown in a callee
        all.addAll(service("carts", 0, 0, 0));
        all.addAll(service("catalogue", 0, 0, 0));
        Change rule = new Change("orders", START - 180_000, "rules flow");
        Change mitigation = new Change("payment", START + 300_000, "switch payment.degrade");
        Change old = new Change("carts", START - 3_600_000, "fault latency /carts");
        List<RootCause.Suspect> ranking = Localizer.rank(all, List.of(rule, mitigation, old), START, CALLS);
        assertThat(ranking.getFirst().service()).isEqualTo("orders");
        assertThat(ranking.getFirst().evidence().getFirst().series()).isEqualTo("change: rules flow");
        assertThat(ranking.getFirst().evidence().getFirst().sinceMillis()).isEqualTo(START - 180_000);
        assertThat(ranking.stream().flatMap(s -> s.evidence().stream()))
                .extracting(RootCause.Evidence::series)
                .doesNotContain("change: switch payment.degrade", "change: fault latency /carts");
        // without the change, the callee is the suspect: the change is what decided
        assertThat(Localizer.rank(all, START, CALLS).getFirst().service()).isEqualTo("payment");
    }

    @Test
    void aSurgeAtTheEntryIsPinnedOnTheEntryNotOnTheServicesItCalls() {
        // demand triples: the front end and every service behind it get more requests, none fails
        List<ServiceSeries> all = new ArrayList<>();
        all.add(series("front-end", "requests", 100, 5, 200));
        all.add(series("orders", "requests", 50, 2, 100)); // steadier: further off in its own units
        all.add(series("payment", "requests", 30, 1, 60));
        all.add(series("carts", "requests", 80, 4, 0));
        for (String name : List.of("front-end", "orders", "payment", "carts"))
            all.add(series(name, "lat_90", 45, 9, 0));
        List<RootCause.Suspect> ranking = Localizer.rank(all, START, CALLS);
        assertThat(ranking.getFirst().service()).isEqualTo("front-end");
        // without the call graph, the steadiest series wins: the rule is what decided
        assertThat(Localizer.rank(all, START, null).getFirst().service()).isEqualTo("payment");
        // a callee that also calls its caller back (orders and carts here) does not pass the surge on to it
        Map<String, Set<String>> cycle = new java.util.HashMap<>(CALLS);
        cycle.put("carts", Set.of("orders"));
        List<ServiceSeries> busy = new ArrayList<>(all);
        busy.removeIf(x -> x.service().equals("carts") && x.name().endsWith("requests"));
        busy.add(series("carts", "requests", 80, 2, 400)); // carts gets the most, relative to its noise
        assertThat(Localizer.rank(busy, START, cycle).getFirst().service()).isEqualTo("front-end");
        // a recent change to a service behind the entry does not make the surge its own
        List<Change> changes = List.of(new Change("payment", START - 300_000, "switch payment.degrade"));
        assertThat(Localizer.rank(all, changes, START, CALLS).getFirst().service())
                .isEqualTo("front-end");
        // a callee that fails under the load is still the suspect
        all.add(series("payment", "errors", 0.1, 0.05, 5));
        assertThat(Localizer.rank(all, START, CALLS).getFirst().service()).isEqualTo("payment");
    }

    @Test
    void aSurgeIsPinnedOnTheEntryEvenWhereACycleOfCallsLeadsBackToItAndACalleeSlowsUnderTheLoad() {
        // the logistics core on a holiday: orders come in from outside three times as fast; pricing asks rider,
        // rider reports back to order (a cycle); eta gets the most and slows down a little under the load
        Map<String, Set<String>> calls = Map.of(
                "order", Set.of("pricing", "eta"),
                "pricing", Set.of("rider"),
                "rider", Set.of("order"),
                "dispatch", Set.of("order", "rider", "eta"));
        List<ServiceSeries> all = new ArrayList<>();
        all.add(series("order", "calls", 4800, 200, 3400));
        all.add(series("order", "calls URL:POST /orders", 3000, 150, 3000));
        all.add(series("pricing", "calls", 1200, 30, 1200));
        all.add(series("rider", "calls", 1400, 70, 1400));
        all.add(series("eta", "calls", 1260, 40, 1200));
        all.add(series("eta", "lat_99 Service:POST /eta/batch", 15, 3.5, 21));
        all.add(series("dispatch", "gc_ms", 29, 8, 0));
        for (String name : List.of("order", "pricing", "rider", "dispatch")) all.add(series(name, "lat_99", 6, 1.5, 0));

        List<RootCause.Suspect> ranking = Localizer.rank(all, START, calls);
        assertThat(ranking.getFirst().service()).isEqualTo("order");
        // the entry slowing under its own surge still carries what it sends on
        List<ServiceSeries> slower = new ArrayList<>(all);
        slower.removeIf(x -> x.service().equals("order") && x.metric().equals("lat_99"));
        slower.add(series("order", "lat_99", 6, 1.5, 40));
        slower.removeIf(x -> x.service().equals("eta"));
        slower.add(series("eta", "calls", 1260, 40, 2400)); // further off in its own units than anything of order's
        assertThat(Localizer.rank(slower, START, calls).getFirst().service()).isEqualTo("order");
        // eta counts its slowdown, not the calls the entry sends it
        RootCause.Suspect eta = ranking.stream()
                .filter(s -> s.service().equals("eta"))
                .findFirst()
                .orElseThrow();
        assertThat(eta.score()).isBetween(3.0, 10.0);
        assertThat(Localizer.isEntryTraffic("order_calls URL:POST /orders")).isTrue();
        assertThat(Localizer.isEntryTraffic("eta_calls Service:POST /eta")).isFalse();
        assertThat(Localizer.isEntryTraffic("order_lat_99 URL:POST /orders")).isFalse();
    }

    @Test
    void anOlderChangeToAServiceThatLooksNormalSaysNothingAFreshOneDoes() {
        // payment slows down; carts had a fault ten minutes ago, cleared since, and looks normal
        List<ServiceSeries> all = new ArrayList<>();
        all.addAll(service("payment", 0, 0, 40));
        all.addAll(service("orders", 0, 0, 40));
        all.addAll(service("front-end", 0, 0, 40));
        all.addAll(service("carts", 0, 0, 0));
        all.addAll(service("catalogue", 0, 0, 0));
        Change earlier = new Change("carts", START - 600_000, "fault errors");
        List<RootCause.Suspect> ranking = Localizer.rank(all, List.of(earlier), START, CALLS);
        assertThat(ranking.getFirst().service()).isEqualTo("payment");
        assertThat(score(ranking, "carts")).isLessThan(Localizer.SIGNIFICANT);
        // the same change a minute before the start: a fault whose effect the series do not show yet
        Change fresh = new Change("carts", START - 60_000, "fault errors");
        assertThat(score(Localizer.rank(all, List.of(fresh), START, CALLS), "carts"))
                .isEqualTo(2 * Localizer.SIGNIFICANT);
    }

    @Test
    void ofTwoFreshChangesWhoseSeriesSayNothingYetTheOneNearerTheStartRanksFirst() {
        // a fault injected a minute before the start, and the last fault's mitigation taken back 2.5 minutes before
        List<ServiceSeries> all = new ArrayList<>();
        for (String s : List.of("front-end", "orders", "payment", "carts", "catalogue"))
            all.addAll(service(s, 0, 0, 0));
        Change fault = new Change("payment", START - 60_000, "fault errors");
        Change takenBack = new Change("carts", START - 150_000, "switch carts.cache");
        List<RootCause.Suspect> ranking = Localizer.rank(all, List.of(takenBack, fault), START, CALLS);
        assertThat(ranking.getFirst().service()).isEqualTo("payment");
        assertThat(score(ranking, "payment")).isEqualTo(2 * Localizer.SIGNIFICANT);
        assertThat(score(ranking, "carts"))
                .isLessThan(score(ranking, "payment"))
                .isGreaterThan(Localizer.SIGNIFICANT);
    }

    private static double score(List<RootCause.Suspect> ranking, String service) {
        return ranking.stream()
                .filter(s -> s.service().equals(service))
                .findFirst()
                .orElseThrow()
                .score();
    }

    @Test
    void oneStraySampleIsNotAFault() {
        List<ServiceSeries> all = new ArrayList<>(service("catalogue", 0, 0, 0));
        ServiceSeries spiky = series("user", "cpu", 0.3, 0.05, 0);
        spiky.values()[700] = 5; // a single spike after the start
        all.add(spiky);
        all.addAll(service("user-db", 0, 300, 0)); // a real, sustained memory rise
        assertThat(Localizer.rank(all, START, null).getFirst().service()).isEqualTo("user-db");
    }

    @Test
    void seriesWithoutDataBeforeTheStartSayNothing() {
        ServiceSeries late = new ServiceSeries("late", "cpu", new long[] {START, START + 1000}, new double[] {1, 2});
        ServiceSeries gaps = new ServiceSeries(
                "gaps", "cpu", new long[] {START - 3000, START - 2000, START - 1000, START}, new double[] {
                    Double.NaN, 1, 1, 1
                });
        assertThat(Localizer.rank(List.of(late, gaps), START, null)).isEmpty();
    }
}
