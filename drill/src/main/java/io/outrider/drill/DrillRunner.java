package io.outrider.drill;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Runs a scenario on the live system and measures Outrider's answer: waits until no alert fires and no incident is
 * open (the tail of a drill before), notes what is there, measures the
 * dispatch rate as the KPI's baseline, injects the faults, then polls every second — the alerts firing, the incidents
 * opened and their root-cause ranking, the runbook runs and their state, the dispatch rate — until the faults are
 * over and the KPI recovered, or the time is up. At the end it takes back what is still in force
 * (the faults, a run's changes) so the next drill starts clean, and reports each step as it happens.
 */
public final class DrillRunner {

    /** How long a drill waits for the system to be quiet before it starts. */
    static final Duration SETTLE = Duration.ofMinutes(5);

    /** How long after the faults end the drill waits for recovery and reverts. */
    static final Duration AFTERMATH = Duration.ofMinutes(3);
    /** The KPI counts as hurt below this share of its level before the fault. */
    static final double DEGRADED = 0.8;
    /** It counts as recovered once it has stayed at this share or above for {@link #STEADY}. */
    static final double RECOVERED = 0.9;

    static final Duration STEADY = Duration.ofSeconds(10);

    private final LiveSystem system;
    private final PrintWriter out;
    private final Clock clock;
    private final Duration faultFor;
    private final @Nullable Disruption disruption;

    public DrillRunner(LiveSystem system, PrintWriter out, Clock clock, Duration faultFor) {
        this(system, out, clock, faultFor, null);
    }

    /** A runner that also does {@code disruption} to Outrider in the middle of each drill. */
    public DrillRunner(
            LiveSystem system, PrintWriter out, Clock clock, Duration faultFor, @Nullable Disruption disruption) {
        this.system = system;
        this.out = out;
        this.clock = clock;
        this.faultFor = faultFor;
        this.disruption = disruption;
    }

    public DrillResult run(Scenario scenario) throws InterruptedException {
        Instant start = clock.instant();
        List<DrillResult.Event> timeline = new ArrayList<>();
        try {
            return measure(scenario, timeline);
        } catch (IOException | RuntimeException e) {
            say(scenario, start, timeline, "stopped: " + e.getMessage());
            return new DrillResult(
                    scenario.name(), start, null, null, 0, 0, 0, null, null, false, "", 0, timeline, e.getMessage());
        } finally {
            clearFaults(scenario);
        }
    }

    private DrillResult measure(Scenario scenario, List<DrillResult.Event> timeline)
            throws IOException, InterruptedException {
        settle(scenario, timeline);
        // open incidents, by id: one that is open at the start and gets no new alert is not the drill's
        Map<String, String> incidentsBefore = new HashMap<>();
        for (JsonNode i : system.outrider("/api/incidents?size=1000").path("incidents"))
            incidentsBefore.put(i.path("id").asString(), i.path("updatedAt").asString());
        Set<String> runsBefore =
                ids(system.outrider("/api/runbook-runs?size=200").path("runs"));
        Set<String> alertsBefore = new HashSet<>();
        for (JsonNode a : system.alerts())
            if (a.path("phase").asString("").equals("firing"))
                alertsBefore.add(a.path("fingerprint").asString());
        Kpi kpi = new Kpi();
        Instant sampled = clock.instant();
        while (Duration.between(sampled, clock.instant()).compareTo(Duration.ofSeconds(20)) < 0) {
            kpi.sample(clock.instant(), dispatched());
            Thread.sleep(1000);
        }
        double baseline = kpi.rate();
        Instant start = clock.instant();
        say(
                scenario,
                start,
                timeline,
                String.format(
                        "baseline %.1f dispatches/s; injecting: %s",
                        baseline, scenario.injections().isEmpty() ? "nothing" : scenario.description()));
        inject(scenario);
        Instant faultEnd = start.plus(faultFor);
        Instant deadline = faultEnd.plus(AFTERMATH);
        Duration firstAlert = null;
        Duration firstIncident = null;
        Duration inForce = null;
        Duration recovered = null;
        Duration degraded = null;
        Duration steadySince = null;
        boolean faultsCleared = false;
        boolean disrupted = false;
        int bestRank = 0;
        Map<String, JsonNode> incidents = new LinkedHashMap<>();
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        while (clock.instant().isBefore(deadline)) {
            Instant now = clock.instant();
            Duration since = Duration.between(start, now);
            if (disruption != null && !disrupted && since.compareTo(disruption.after()) >= 0) {
                disrupted = true;
                say(scenario, start, timeline, disrupt(disruption));
            }
            for (JsonNode a : system.alerts())
                if (firstAlert == null
                        && a.path("phase").asString("").equals("firing")
                        && !alertsBefore.contains(a.path("fingerprint").asString())) {
                    firstAlert = since;
                    say(
                            scenario,
                            start,
                            timeline,
                            "first alert: " + a.path("rule").asString() + " on "
                                    + a.path("labels").path("service").asString("?"));
                }
            for (JsonNode i : system.outrider("/api/incidents?size=1000").path("incidents")) {
                String id = i.path("id").asString();
                // new, or there before and changed since (an alert of the drill folded into it, or reopened) —
                // not one of an earlier drill that only got its last timeline entries (a revert) since
                String before = incidentsBefore.get(id);
                String status = i.path("status").asString();
                if (status.equals("merged")
                        || (before != null
                                && (before.equals(i.path("updatedAt").asString()) || status.equals("resolved"))))
                    continue;
                if (!incidents.containsKey(id))
                    say(
                            scenario,
                            start,
                            timeline,
                            "incident " + id + " opened (" + i.path("unit").asString() + ")");
                if (firstIncident == null) firstIncident = since;
                incidents.put(id, i);
            }
            if (firstIncident != null && firstAlert == null) {
                // an incident is opened from an alert: the alert fired between this round's two reads
                firstAlert = firstIncident;
                say(scenario, start, timeline, "first alert: the one the incident was opened from");
            }
            int rank = rank(incidents.values(), scenario.injections());
            if (rank > 0 && (bestRank == 0 || rank < bestRank)) {
                bestRank = rank;
                say(
                        scenario,
                        start,
                        timeline,
                        "root cause: " + (scenario.injections().size() == 1 ? "the faulty service" : "each fault")
                                + " ranked " + rank + " or better");
            }
            for (JsonNode r : system.outrider("/api/runbook-runs?size=200").path("runs")) {
                String id = r.path("id").asString();
                if (runsBefore.contains(id)) continue;
                String state = r.path("state").asString();
                JsonNode before = runs.put(id, r);
                if (before == null || !before.path("state").asString().equals(state))
                    say(
                            scenario,
                            start,
                            timeline,
                            "runbook " + r.path("runbookId").asString() + " (" + id + "): "
                                    + state.toLowerCase(java.util.Locale.ROOT));
                if (inForce == null && (state.equals("VERIFYING") || state.equals("SUCCEEDED"))) inForce = since;
            }
            kpi.sample(now, dispatched());
            double rate = kpi.rate();
            if (degraded == null && rate < DEGRADED * baseline && since.toSeconds() > 15) {
                degraded = since;
                say(scenario, start, timeline, String.format("dispatch rate down to %.1f/s", rate));
            }
            if (degraded != null && recovered == null) {
                if (rate < RECOVERED * baseline) steadySince = null;
                else if (steadySince == null) steadySince = since;
                else if (since.minus(steadySince).compareTo(STEADY) >= 0) {
                    recovered = steadySince;
                    say(
                            scenario,
                            start,
                            timeline,
                            String.format("dispatch rate back to %.1f/s (since %d s)", rate, steadySince.toSeconds()));
                }
            }
            if (!faultsCleared && !now.isBefore(faultEnd)) {
                clearFaults(scenario);
                faultsCleared = true;
                say(scenario, start, timeline, "faults cleared");
            }
            // the faults are over and the KPI is back: the operator ends the drill (and takes back what is in force)
            boolean kpiFine = degraded == null || recovered != null;
            if (faultsCleared && kpiFine) break;
            if (scenario.injections().isEmpty() && !now.isBefore(faultEnd)) break; // noise: observed long enough
            Thread.sleep(1000);
        }
        int repeated = 0;
        for (String id : runs.keySet()) repeated += repeatedSteps(system.outrider("/api/runbook-runs/" + id));
        if (repeated > 0)
            say(scenario, start, timeline, repeated + " runbook step(s) done twice (see the runs' audit)");
        boolean reverted = revertWhatIsLeft(scenario, start, timeline, runs);
        resolve(scenario, start, timeline, incidents.keySet());
        int alerts = 0;
        for (JsonNode i : incidents.values()) alerts += i.path("alertCount").asInt();
        return new DrillResult(
                scenario.name(),
                start,
                firstAlert,
                firstIncident,
                incidents.size(),
                incidents.isEmpty() ? 0 : (double) alerts / incidents.size(),
                bestRank,
                inForce,
                recovered,
                reverted,
                String.join(
                        ", ",
                        runs.values().stream()
                                .map(r -> r.path("runbookId").asString())
                                .distinct()
                                .toList()),
                repeated,
                timeline,
                null);
    }

    private static String disrupt(Disruption disruption) {
        try {
            return disruption.action().call();
        } catch (Exception e) {
            return "disruption failed: " + e.getMessage();
        }
    }

    /**
     * How many steps a run's audit shows applied more than once ({@code step 2: flow rules} twice): each must be
     * applied once, even when the instance applying it dies and another takes the run over.
     */
    static int repeatedSteps(JsonNode run) {
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        for (JsonNode entry : run.path("audit")) {
            String what = entry.path("what").asString("");
            if (what.matches("step \\d+: .*") && !seen.add(what)) repeated++;
        }
        return repeated;
    }

    /**
     * Waits (at most {@link #SETTLE}) until no alert fires and no incident is open: the tail of a drill before (an
     * alert over a longer window still firing) would otherwise count in this one. Goes on after that, saying so.
     */
    private void settle(Scenario scenario, List<DrillResult.Event> timeline) throws IOException, InterruptedException {
        Instant start = clock.instant();
        Instant until = start.plus(SETTLE);
        while (true) {
            int firing = 0;
            for (JsonNode a : system.alerts()) if (a.path("phase").asString("").equals("firing")) firing++;
            int open = 0;
            for (JsonNode i : system.outrider("/api/incidents?size=1000").path("incidents"))
                if (List.of("triggered", "acknowledged", "mitigated")
                        .contains(i.path("status").asString())) open++;
            if (firing == 0 && open == 0) return;
            if (!clock.instant().isBefore(until)) {
                say(
                        scenario,
                        start,
                        timeline,
                        "not quiet after " + SETTLE.toMinutes() + " min (" + firing + " alerts firing, " + open
                                + " incidents open); going on");
                return;
            }
            if (Duration.between(start, clock.instant()).toSeconds() % 30 == 0)
                say(
                        scenario,
                        start,
                        timeline,
                        "waiting for quiet: " + firing + " alerts firing, " + open + " incidents open");
            Thread.sleep(1000);
        }
    }

    /** Reverts the runs still in force (as the operator ends a drill) and waits until they are back. */
    private boolean revertWhatIsLeft(
            Scenario scenario, Instant start, List<DrillResult.Event> timeline, Map<String, JsonNode> runs)
            throws IOException, InterruptedException {
        boolean all = true;
        for (String id : runs.keySet()) {
            JsonNode run = system.outrider("/api/runbook-runs/" + id).path("run");
            String state = run.path("state").asString();
            if (!active(state)) continue;
            if (state.equals("AWAITING_APPROVAL") || state.equals("PROPOSED"))
                system.outriderPost("/api/runbook-runs/" + id + "/reject?why=drill+over");
            else system.outriderPost("/api/runbook-runs/" + id + "/revert?why=drill+over");
            Instant until = clock.instant().plusSeconds(60);
            while (active(state) && clock.instant().isBefore(until)) {
                Thread.sleep(1000);
                state = system.outrider("/api/runbook-runs/" + id)
                        .path("run")
                        .path("state")
                        .asString();
            }
            say(scenario, start, timeline, "run " + id + " taken back: " + state.toLowerCase(java.util.Locale.ROOT));
            if (active(state)) all = false;
        }
        return all;
    }

    /** Resolves the incidents the drill caused that are still open, so the next drill starts with none. */
    private void resolve(Scenario scenario, Instant start, List<DrillResult.Event> timeline, Set<String> ids) {
        for (String id : ids)
            try {
                String status =
                        system.outrider("/api/incidents/" + id).path("status").asString();
                if (status.equals("resolved") || status.equals("merged")) continue;
                system.outriderPost("/api/incidents/" + id + "/status?to=resolved");
                say(scenario, start, timeline, "incident " + id + " resolved (drill over)");
            } catch (IOException e) {
                say(scenario, start, timeline, "incident " + id + " not resolved: " + e.getMessage());
            }
    }

    private static boolean active(String state) {
        return switch (state) {
            case "PROPOSED", "AWAITING_APPROVAL", "RUNNING", "VERIFYING", "SUCCEEDED" -> true;
            default -> false;
        };
    }

    private void inject(Scenario scenario) throws IOException {
        for (Scenario.Injection injection : scenario.injections())
            switch (injection) {
                case Scenario.Injection.Fault fault ->
                    system.post(system.service(fault.service()), "/faults", fault.request(faultFor.toSeconds()));
                case Scenario.Injection.Surge surge ->
                    system.post(
                            system.supervisor(),
                            "/traffic/surges",
                            Map.of(
                                    "city", surge.city(),
                                    "factor", surge.factor(),
                                    "durationSec", faultFor.toSeconds(),
                                    "reason", "drill " + scenario.name()));
            }
    }

    /** Ends the faults (a surge ends by itself with its duration). */
    private void clearFaults(Scenario scenario) {
        for (Scenario.Injection injection : scenario.injections())
            if (injection instanceof Scenario.Injection.Fault fault)
                try {
                    system.delete(system.service(fault.service()), "/faults");
                } catch (IOException e) {
                    out.println("  could not clear the faults of " + fault.service() + ": " + e.getMessage());
                }
    }

    /** Orders dispatched so far, all cities (order-service's counter). */
    private double dispatched() throws IOException {
        double total = 0;
        for (String line : system.text(system.service("order"), "/metrics").split("\n"))
            if (line.startsWith("logistics_orders_dispatched_total")) {
                String[] parts = line.trim().split("\\s+");
                total += Double.parseDouble(parts[parts.length - 1]);
            }
        return total;
    }

    /**
     * How well the incidents name the faults: for each injection, the best rank (1-based) of its faulty service among
     * the incidents of its unit (of any unit when it is global); the worst of those, so that 1 means each fault was
     * named first where it happened; 0 when a fault is named nowhere.
     */
    static int rank(Collection<JsonNode> incidents, List<Scenario.Injection> injections) {
        int worst = 0;
        for (Scenario.Injection injection : injections) {
            int best = 0;
            for (JsonNode incident : incidents) {
                boolean there = injection.unit().equals("global")
                        || injection.unit().equals(incident.path("unit").asString());
                int rank = there ? rank(incident, injection.faulty()) : 0;
                if (rank > 0 && (best == 0 || rank < best)) best = rank;
            }
            if (best == 0) return 0;
            worst = Math.max(worst, best);
        }
        return worst;
    }

    /** The rank (1-based) of {@code service} in an incident's root-cause ranking; 0 when absent. */
    static int rank(JsonNode incident, String service) {
        int rank = 0;
        for (JsonNode suspect : incident.path("rootCause").path("ranking")) {
            rank++;
            if (suspect.path("service").asString().equals(service)) return rank;
        }
        return 0;
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> ids = new HashSet<>();
        for (JsonNode n : list) ids.add(n.path("id").asString());
        return ids;
    }

    private void say(Scenario scenario, Instant start, List<DrillResult.Event> timeline, String what) {
        Duration at = Duration.between(start, clock.instant());
        timeline.add(new DrillResult.Event(at, what));
        out.printf("[%s %3d s] %s%n", scenario.name(), at.toSeconds(), what);
        out.flush();
    }

    /** A counter's rate over the last 15 s of samples. */
    static final class Kpi {
        private final Deque<double[]> samples = new ArrayDeque<>();

        void sample(Instant at, double value) {
            samples.addLast(new double[] {at.toEpochMilli(), value});
            while (samples.size() > 2 && at.toEpochMilli() - samples.peekFirst()[0] > 15_000) samples.removeFirst();
        }

        double rate() {
            if (samples.size() < 2) return Double.NaN;
            double[] first = samples.peekFirst();
            double[] last = samples.peekLast();
            return last[0] == first[0] ? Double.NaN : (last[1] - first[1]) * 1000 / (last[0] - first[0]);
        }
    }
}
