package io.outrider.runbooks.run;

import io.outrider.core.metric.PrometheusText;
import io.outrider.runbooks.action.Action;
import io.outrider.runbooks.action.Actions;
import io.outrider.runbooks.action.Change;
import io.outrider.runbooks.action.ControlClient;
import io.outrider.runbooks.action.ControlException;
import io.outrider.runbooks.action.HttpAction;
import io.outrider.runbooks.catalog.Runbook;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs runbooks: an explicit state machine per run (proposed → awaiting approval → running → verifying → succeeded /
 * failed → reverted, or rejected), every state written to Elasticsearch with optimistic concurrency before it takes
 * effect, so two executors never apply the same step and a run outlives the executor that started it. Each
 * transition is appended to the audit log.
 *
 * <p>A step is first claimed: what is in force is read and stored with the claim, then the step is applied and the
 * run saved with it. An executor that dies in between leaves a claim whose lease runs out; the next tick (of any
 * instance) applies the step again — actions are idempotent — and still reverts to the state read before.
 *
 * <p>Guardrails: a global pause (shared by the instances through the store) checked before every step; one active run per target service; a cap on automatic
 * runs per target per hour; parameters within their bounds; every change time-boxed on the control API; automatic
 * revert when verification fails, when the incident has been resolved for the hold time, and when the time box ends.
 */
public final class RunbookExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunbookExecutor.class);

    /** The role that may approve runs. */
    public static final String APPROVER = "approver";

    /**
     * @param instance this executor's name in claims and the audit
     * @param approvalTtl how long a run waits for approval before it is rejected
     * @param lease how long a claim on a step holds before another executor may take the step over
     */
    public record Settings(String instance, Duration approvalTtl, Duration lease, List<String> httpAllowList) {}

    /** A run that guardrails do not allow, with the reason. */
    public static final class RunRefused extends Exception {
        public RunRefused(String message) {
            super(message);
        }
    }

    private final Supplier<Map<String, Runbook>> catalog;
    private final RunStore runs;
    private final AuditLog audit;
    private final ControlClient control;
    private final Function<String, Optional<Instant>> incidentResolvedAt;
    private final Settings settings;
    private final Clock clock;
    private final Supplier<String> ids;
    private final RunListener listener;

    /**
     * @param incidentResolvedAt when an incident was resolved (empty while it is open)
     * @param listener told of each step and outcome (after its audit entry)
     */
    public RunbookExecutor(
            Supplier<Map<String, Runbook>> catalog,
            RunStore runs,
            AuditLog audit,
            ControlClient control,
            Function<String, Optional<Instant>> incidentResolvedAt,
            Settings settings,
            Clock clock,
            Supplier<String> ids,
            RunListener listener) {
        this.listener = listener;
        this.catalog = catalog;
        this.runs = runs;
        this.audit = audit;
        this.control = control;
        this.incidentResolvedAt = incidentResolvedAt;
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
    }

    /** What the runbook would change with these parameters, read from the services, writing nothing. */
    public List<Change> dryRun(String runbookId, Map<String, Double> parameters) throws ControlException {
        Runbook runbook = runbook(runbookId);
        List<Change> plan = new ArrayList<>();
        for (Action action : actions(runbook, Actions.bind(runbook, parameters))) plan.add(action.plan(control));
        return plan;
    }

    /**
     * Proposes a run. An automatic run of an {@code auto} runbook starts at once; others wait for an approver (a
     * person starting a run is one).
     */
    public Run propose(
            String runbookId,
            String target,
            @Nullable String incidentId,
            Map<String, Double> parameters,
            String by,
            boolean automatic)
            throws RunRefused, IOException {
        Runbook runbook = runbook(runbookId);
        Map<String, Double> bound = Actions.bind(runbook, parameters);
        actions(runbook, bound); // refuse bad steps (an HTTP call off the allow-list) before anything is stored
        if (automatic && runs.paused()) throw new RunRefused("automation is paused; resume it to run " + runbookId);
        if (automatic && runbook.mode() == Runbook.Mode.MANUAL)
            throw new RunRefused("runbook " + runbookId + " is manual: a person starts it");
        Instant now = clock.instant();
        if (automatic) {
            long lastHour = runs.recent(1000).stream()
                    .filter(r -> r.automatic()
                            && r.target().equals(target)
                            && r.createdAt().isAfter(now.minus(Duration.ofHours(1))))
                    .count();
            if (lastHour >= runbook.guardrails().maxAutoRunsPerHour())
                throw new RunRefused("automatic runs on " + target + " reached their cap ("
                        + runbook.guardrails().maxAutoRunsPerHour() + " per hour) in " + runbookId);
        }
        boolean start = automatic && runbook.mode() == Runbook.Mode.AUTO;
        String id = ids.get();
        Optional<String> holder = runs.lock(target, id);
        if (holder.isPresent()) {
            Optional<RunStore.Versioned> active = runs.read(holder.get());
            if (active.isEmpty())
                throw new RunRefused("run " + holder.get() + " is being proposed on " + target
                        + " right now; one run per target at a time");
            throw new RunRefused(
                    "run " + active.get().run().id() + " (" + active.get().run().runbookId()
                            + ") is already " + name(active.get().run().state()) + " on " + target
                            + "; one run per target at a time");
        }
        Run run = new Run(
                id,
                runbookId,
                target,
                incidentId,
                bound,
                automatic,
                start ? Run.State.RUNNING : Run.State.AWAITING_APPROVAL,
                0,
                List.of(),
                null,
                now,
                now,
                start ? null : now.plus(settings.approvalTtl()),
                Map.of(),
                by,
                null,
                automatic ? "automatic: " + runbook.title() : null);
        RunStore.Versioned created = runs.create(run);
        record(run, by, "proposed", start ? "started at once (auto)" : "awaiting approval", null, bound);
        return start ? advanceOrLatest(created) : run;
    }

    /**
     * The roles {@code user} approves with: {@link #APPROVER} when named among {@code approvers} or, when that list
     * is empty, when a responder of the console.
     */
    public static Set<String> approverRoles(java.util.Collection<String> approvers, String user, boolean responder) {
        boolean approver = approvers.isEmpty() ? responder : approvers.contains(user);
        return approver ? Set.of(APPROVER) : Set.of();
    }

    /** An approver's yes: the run starts. */
    public Run approve(String runId, String by, Set<String> roles) throws IOException {
        if (!roles.contains(APPROVER))
            throw new SecurityException(by + " may not approve runs: needs role " + APPROVER);
        RunStore.Versioned v = read(runId);
        Run run = v.run();
        if (run.state() != Run.State.AWAITING_APPROVAL)
            throw new IllegalStateException("run " + runId + " is " + name(run.state()) + ", not awaiting approval");
        if (run.deadline() != null && clock.instant().isAfter(run.deadline()))
            throw new IllegalStateException("the approval of run " + runId + " expired at " + run.deadline());
        if (runs.paused()) throw new IllegalStateException("automation is paused; resume it before approving");
        RunStore.Versioned started = runs.update(v, run.approved(by, clock.instant()));
        record(run, by, "approved", "approved by " + by, name(run.state()), name(Run.State.RUNNING));
        return advanceOrLatest(started);
    }

    public Run reject(String runId, String by, String why) throws IOException {
        RunStore.Versioned v = read(runId);
        if (v.run().state() != Run.State.AWAITING_APPROVAL)
            throw new IllegalStateException(
                    "run " + runId + " is " + name(v.run().state()) + ", not awaiting approval");
        return transition(v, Run.State.REJECTED, by, why);
    }

    /**
     * Takes a run's changes back now (a person's decision). A tick advancing the run at the same moment makes the
     * write conflict; the revert reads the run again and retries (its actions are idempotent).
     */
    public Run revert(String runId, String by, String why) throws IOException {
        for (int attempt = 1; ; attempt++) {
            RunStore.Versioned v = read(runId);
            if (!v.run().state().active() && v.run().state() != Run.State.FAILED)
                throw new IllegalStateException(
                        "run " + runId + " is " + name(v.run().state()) + "; nothing to revert");
            try {
                return revertNow(v, by, why);
            } catch (RunStore.ConflictException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    /**
     * Pauses all automation, on every instance sharing the store: no step is applied and no automatic run proposed
     * until resumed.
     */
    public void pause(boolean pause, String by) throws IOException {
        runs.setPaused(pause, by, clock.instant());
        log.warn("Runbook automation {} by {}", pause ? "paused" : "resumed", by);
    }

    public boolean paused() throws IOException {
        return runs.paused();
    }

    /** Advances every active run (approval expiry, steps, verification, hold and time box); the Quartz tick. */
    public void tick() {
        List<RunStore.Versioned> active;
        try {
            active = runs.inStates(activeStates(), 1000);
        } catch (IOException | RuntimeException e) {
            log.warn("Runs not read ({}); next tick", e.toString());
            return;
        }
        for (RunStore.Versioned v : active) {
            try {
                advance(v);
            } catch (RunStore.ConflictException e) {
                log.debug("Run {} advanced by another executor", v.run().id());
            } catch (IOException | RuntimeException e) {
                log.warn("Run {} not advanced ({}); next tick", v.run().id(), e.toString());
            }
        }
    }

    /** Advances a run just started; when a tick got there first, the run as that tick left it. */
    private Run advanceOrLatest(RunStore.Versioned v) throws IOException {
        try {
            return advance(v);
        } catch (RunStore.ConflictException e) {
            return read(v.run().id()).run();
        }
    }

    /** Moves a run as far as it can go now. */
    Run advance(RunStore.Versioned v) throws IOException {
        Run run = v.run();
        Instant now = clock.instant();
        Runbook runbook = catalog.get().get(run.runbookId());
        if (runbook == null)
            return transition(v, Run.State.FAILED, settings.instance(), "runbook no longer in catalog");
        return switch (run.state()) {
            case AWAITING_APPROVAL, PROPOSED ->
                run.deadline() != null && now.isAfter(run.deadline())
                        ? transition(v, Run.State.REJECTED, "expiry", "approval expired at " + run.deadline())
                        : run;
            case RUNNING -> steps(v, runbook);
            case VERIFYING -> verify(v, runbook);
            case SUCCEEDED -> hold(v, runbook);
            default -> run;
        };
    }

    private Run steps(RunStore.Versioned v, Runbook runbook) throws IOException {
        List<Action> actions = actions(runbook, v.run().parameters());
        while (v.run().nextStep() < actions.size()) {
            if (runs.paused()) return v.run();
            Run run = v.run();
            int step = run.nextStep();
            Action action = actions.get(step);
            Instant now = clock.instant();
            if (action instanceof io.outrider.runbooks.action.WaitAction wait) {
                // a pause between steps: its end is stored, and a later tick goes on from there
                if (run.deadline() == null) {
                    runs.update(v, run.withDeadline(now.plus(wait.duration())));
                    record(
                            run,
                            settings.instance(),
                            "step " + (step + 1) + ": " + action.target(),
                            "until " + now.plus(wait.duration()),
                            null,
                            null);
                    return run;
                }
                if (now.isBefore(run.deadline())) return run;
                v = runs.update(v, run.withDeadline(null).stepDone(wait.plan(control), now));
                continue;
            }
            Run.Pending pending = run.pending();
            // another executor is on it, or another thread of this one (an approval applies steps at once while
            // the tick goes on): only an expired lease is taken over
            if (pending != null
                    && pending.step() == step
                    && pending.leaseUntil().isAfter(now)) return run;
            Change plan;
            try {
                // a step claimed before (by an executor that died) keeps the state it read first
                plan = pending != null && pending.step() == step ? pending.plan() : action.plan(control);
            } catch (ControlException e) {
                return fail(
                        v,
                        runbook,
                        "step " + (step + 1) + " (" + action.target() + ") cannot start: " + e.getMessage());
            }
            RunStore.Versioned claimed = runs.update(
                    v,
                    run.withPending(new Run.Pending(step, plan, settings.instance(), now.plus(settings.lease())), now));
            Change applied;
            try {
                applied = keyed(action, run.id() + "/step-" + (step + 1))
                        .apply(control, runbook.guardrails().ttl(), reason(run, runbook), actor(run));
            } catch (ControlException e) {
                return fail(
                        claimed,
                        runbook,
                        "step " + (step + 1) + " (" + action.target() + ") failed: " + e.getMessage());
            }
            Change recorded = new Change(applied.target(), plan.before(), applied.after(), plan.changed());
            v = runs.update(claimed, claimed.run().stepDone(recorded, clock.instant()));
            record(
                    run,
                    actor(run),
                    "step " + (step + 1) + ": " + action.target(),
                    reason(run, runbook),
                    plan.before(),
                    applied.after());
        }
        Instant now = clock.instant();
        RunStore.Versioned verifying = runs.update(
                v,
                v.run()
                        .verifying(
                                counters(runbook),
                                now,
                                now.plus(runbook.verification().deadline())));
        record(
                v.run(),
                settings.instance(),
                "verifying",
                "until " + verifying.run().deadline(),
                null,
                null);
        return verify(verifying, runbook);
    }

    private Run verify(RunStore.Versioned v, Runbook runbook) throws IOException {
        Run run = v.run();
        Instant now = clock.instant();
        Map<String, Double> counters = counters(runbook);
        List<String> failing = new ArrayList<>();
        for (Runbook.Condition c : runbook.verification().conditions()) {
            String key = key(c);
            double before = run.baseline().getOrDefault(key, 0.0);
            double current = counters.getOrDefault(key, Double.NaN);
            double increase = Double.isNaN(current) ? Double.NaN : current >= before ? current - before : current;
            if (!(holds(increase, c.op(), c.value())))
                failing.add(key + " rose by " + (Double.isNaN(increase) ? "nothing readable" : Actions.number(increase))
                        + ", wanted " + c.op() + " " + Actions.number(c.value()));
        }
        if (failing.isEmpty()) {
            RunStore.Versioned done = runs.update(
                    v,
                    run.with(Run.State.SUCCEEDED, now, "verified")
                            .withDeadline(now.plus(runbook.guardrails().ttl())));
            record(run, settings.instance(), "succeeded", "verification passed", null, counters);
            return done.run();
        }
        if (now.isBefore(java.util.Objects.requireNonNull(run.deadline(), "deadline"))) return run;
        return fail(v, runbook, "verification failed by " + run.deadline() + ": " + String.join("; ", failing));
    }

    /** A succeeded run keeps its changes until its incident has been resolved for the hold time, or its time box ends. */
    private Run hold(RunStore.Versioned v, Runbook runbook) throws IOException {
        Run run = v.run();
        Instant now = clock.instant();
        if (run.deadline() != null && !now.isBefore(run.deadline()))
            return revertNow(v, "expiry", "the time box ended (the control API reverts by itself as well)");
        if (run.incidentId() != null) {
            Optional<Instant> resolved = incidentResolvedAt.apply(run.incidentId());
            if (resolved.isPresent()
                    && !now.isBefore(resolved.get().plus(runbook.guardrails().holdAfterResolve())))
                return revertNow(
                        v,
                        settings.instance(),
                        "incident " + run.incidentId() + " resolved at " + resolved.get() + " and the hold of "
                                + runbook.guardrails().holdAfterResolve() + " passed");
        }
        return run;
    }

    private Run fail(RunStore.Versioned v, Runbook runbook, String why) throws IOException {
        RunStore.Versioned failed = runs.update(
                v, v.run().with(Run.State.FAILED, clock.instant(), why).withPending(null, clock.instant()));
        record(v.run(), settings.instance(), "failed", why, name(v.run().state()), name(Run.State.FAILED));
        log.warn("Run {} of {} failed: {}", v.run().id(), runbook.id(), why);
        if (v.run().applied().isEmpty()) return failed.run(); // nothing to take back: it stays failed, with its reason
        return revertNow(failed, settings.instance(), "automatic revert: " + why);
    }

    private Run revertNow(RunStore.Versioned v, String by, String why) throws IOException {
        Run run = v.run();
        Runbook runbook = runbook(run.runbookId());
        List<Action> actions = actions(runbook, run.parameters());
        List<String> problems = new ArrayList<>();
        List<Change> applied = new ArrayList<>(run.applied());
        java.util.Collections.reverse(applied);
        int index = applied.size() - 1;
        for (Change change : applied) {
            Action action = actions.get(index--);
            try {
                Change back = action.revert(control, change, "revert run " + run.id() + ": " + why, actor(run));
                if (back.changed()) record(run, by, "reverted " + action.target(), why, back.before(), back.after());
            } catch (ControlException e) {
                problems.add(action.target() + ": " + e.getMessage());
            }
        }
        // then the runbook's own revert steps (a notification, a call that has no inverse of its own)
        int revertStep = 0;
        for (Action step : Actions.steps(runbook.revert(), run.parameters(), settings.httpAllowList())) {
            try {
                Change done = keyed(step, run.id() + "/revert-" + ++revertStep)
                        .apply(control, runbook.guardrails().ttl(), "revert run " + run.id() + ": " + why, actor(run));
                record(run, by, "revert step: " + step.target(), why, done.before(), done.after());
            } catch (ControlException e) {
                problems.add(step.target() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            String reason = why + "; revert incomplete (" + String.join("; ", problems)
                    + "); the control API's time box takes the changes back at the latest after "
                    + runbook.guardrails().ttl();
            RunStore.Versioned failed = runs.update(v, run.with(Run.State.FAILED, clock.instant(), reason));
            record(run, by, "revert failed", reason, null, null);
            return failed.run();
        }
        return transition(v, Run.State.REVERTED, by, why);
    }

    /** An HTTP step carries the run and step it belongs to: its retry after a crash is recognisable as such. */
    private static Action keyed(Action action, String key) {
        return action instanceof HttpAction http ? http.keyed(key) : action;
    }

    private Run transition(RunStore.Versioned v, Run.State next, String by, String why) throws IOException {
        RunStore.Versioned done =
                runs.update(v, v.run().with(next, clock.instant(), why).withDeadline(null));
        record(v.run(), by, name(next), why, name(v.run().state()), name(next));
        return done.run();
    }

    /** Counter totals the verification conditions name, read from the services' {@code /metrics}. */
    private Map<String, Double> counters(Runbook runbook) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, List<PrometheusText.Sample>> scraped = new LinkedHashMap<>();
        for (Runbook.Condition c : runbook.verification().conditions()) {
            List<PrometheusText.Sample> samples = scraped.computeIfAbsent(c.service(), s -> {
                try {
                    return PrometheusText.parse(control.metrics(s));
                } catch (ControlException | IllegalArgumentException e) {
                    log.warn("Metrics of {} not read for verification: {}", s, e.getMessage());
                    return List.of();
                }
            });
            double sum = Double.NaN;
            for (PrometheusText.Sample sample : samples)
                if (sample.name().equals(c.metric())
                        && sample.labels().entrySet().containsAll(c.labels().entrySet()))
                    sum = (Double.isNaN(sum) ? 0 : sum) + sample.value();
            if (!Double.isNaN(sum)) values.put(key(c), sum);
        }
        return values;
    }

    private static String key(Runbook.Condition c) {
        return c.service() + " " + c.metric()
                + (c.labels().isEmpty() ? "" : new java.util.TreeMap<>(c.labels()).toString());
    }

    private static boolean holds(double value, String op, double threshold) {
        return switch (op) {
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            default -> false;
        };
    }

    private List<Action> actions(Runbook runbook, Map<String, Double> values) {
        return Actions.steps(runbook.steps(), values, settings.httpAllowList());
    }

    private Runbook runbook(String id) {
        Runbook runbook = catalog.get().get(id);
        if (runbook == null)
            throw new IllegalArgumentException(
                    "no runbook " + id + "; known: " + catalog.get().keySet());
        return runbook;
    }

    private RunStore.Versioned read(String runId) throws IOException {
        return runs.read(runId).orElseThrow(() -> new java.util.NoSuchElementException("no run " + runId));
    }

    private void record(
            Run run, String actor, String what, String why, @Nullable Object before, @Nullable Object after) {
        try {
            audit.append(
                    new AuditLog.Entry(clock.instant(), run.id(), run.runbookId(), actor, what, why, before, after));
        } catch (IOException | RuntimeException e) {
            log.error("Audit entry of run {} not written ({}): {} {} by {}", run.id(), e, what, why, actor);
        }
        try {
            listener.changed(run, what, why);
        } catch (RuntimeException e) {
            log.warn("Run listener failed on {} {}: {}", run.id(), what, e.toString());
        }
    }

    private static String reason(Run run, Runbook runbook) {
        return "runbook " + runbook.id() + " run " + run.id()
                + (run.incidentId() != null ? " for incident " + run.incidentId() : "");
    }

    private static String actor(Run run) {
        return "runbook:" + run.id() + (run.approvedBy() != null ? " approved by " + run.approvedBy() : "");
    }

    private static String name(Run.State state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static List<Run.State> activeStates() {
        return List.of(
                Run.State.PROPOSED,
                Run.State.AWAITING_APPROVAL,
                Run.State.RUNNING,
                Run.State.VERIFYING,
                Run.State.SUCCEEDED);
    }
}
