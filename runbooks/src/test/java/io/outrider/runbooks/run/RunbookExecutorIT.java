package io.outrider.runbooks.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.testing.SharedInfrastructure;
import io.outrider.infra.testing.TestClock;
import io.outrider.runbooks.OrderServiceProcess;
import io.outrider.runbooks.action.ControlClient;
import io.outrider.runbooks.catalog.Runbook;
import io.outrider.runbooks.catalog.RunbookFiles;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The executor against a real order-service process and the shared Elasticsearch: a throttle applied, 429s, the
 * verification passing on the service's own counters and the revert once the incident is resolved; a failing
 * verification reverting; a control API that is down failing the run with the reason; two executors racing for one
 * run with exactly one acting; a step claimed by an executor that died taken over and still reverted to what was in
 * force before it; the guardrails (one run per target, the hourly cap, the pause, approvals and their expiry).
 */
@ExtendWith(SharedInfrastructure.class)
class RunbookExecutorIT {

    private static final String THROTTLE = """
            id: throttle-open-orders
            title: Throttle the open-orders list
            trigger: { service: order-service }
            mode: auto
            parameters:
              qps: { default: 1, min: 1, max: 100 }
            steps:
              - { action: flow-rule, service: order, resource: "order:GET:/orders/open", qps: "${qps}" }
            verification:
              deadline: %s
              conditions:
                - { service: order, metric: logistics_http_requests_total, labels: { route: /orders/open, outcome: blocked }, op: ">", value: %s }
            guardrails: { maxAutoRunsPerHour: %d, ttl: 10m, holdAfterResolve: 1m }
            """;
    private static final String APPROVED = """
            id: switch-needs-approval
            title: Needs approval
            trigger: { service: order-service }
            mode: approval
            steps:
              - { action: notify, message: hello }
            """;

    private static OrderServiceProcess order;
    private static ElasticsearchConnection es;
    private final TestClock clock = new TestClock(Instant.now());
    private final Map<String, Instant> resolved = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String prefix = "it-" + System.nanoTime() + "-";

    @BeforeAll
    static void start() throws Exception {
        order = OrderServiceProcess.start();
        es = ElasticsearchConnection.open(
                List.of(SharedInfrastructure.elasticsearchUri()), Duration.ofSeconds(5), Duration.ofSeconds(30));
        new IndexTemplates(es.client(), new IndexTemplates.IndexSettings(1, 0))
                .install(List.of(RunStore.indexTemplate(), AuditLog.indexTemplate()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (order != null) order.close();
        if (es != null) es.close();
    }

    private static Runbook runbook(String yaml) {
        RunbookFiles.Parsed parsed = RunbookFiles.parse("it.yml", yaml);
        assertThat(parsed.errors()).isEmpty();
        return java.util.Objects.requireNonNull(parsed.runbook());
    }

    private static final String RUNS = "outrider-runbook-runs-it-" + System.nanoTime();

    private RunStore store() {
        return new RunStore(es.client(), RUNS);
    }

    /** Each test starts with no flow rule on the service (they share one process). */
    @org.junit.jupiter.api.BeforeEach
    void noRules() throws Exception {
        new ControlClient(Map.of("order", order.url()), OrderServiceProcess.TOKEN, Duration.ofSeconds(3))
                .putRules(
                        "order",
                        "flow",
                        tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode(),
                        null,
                        "test setup",
                        "it");
        Thread.sleep(1100);
    }

    private AuditLog audit() {
        return new AuditLog(es.client(), "outrider-audit-it-");
    }

    private RunbookExecutor executor(String instance, URI orderUrl, Runbook... runbooks) {
        Map<String, Runbook> catalog = new HashMap<>();
        for (Runbook r : runbooks) catalog.put(r.id(), r);
        return new RunbookExecutor(
                () -> catalog,
                store(),
                audit(),
                new ControlClient(Map.of("order", orderUrl), OrderServiceProcess.TOKEN, Duration.ofSeconds(3)),
                id -> Optional.ofNullable(resolved.get(id)),
                new RunbookExecutor.Settings(instance, Duration.ofMinutes(15), Duration.ofSeconds(30), List.of()),
                clock,
                () -> prefix + ids.incrementAndGet(),
                RunListener.NONE);
    }

    private static Runbook throttle(String deadline, String minimum, int cap) {
        return runbook(THROTTLE.formatted(deadline, minimum, cap));
    }

    private List<String> audited(String runId) throws Exception {
        List<String> what = new ArrayList<>();
        for (Map<String, Object> e : audit().of(runId)) what.add(String.valueOf(e.get("what")));
        return what;
    }

    @Test
    void anAutomaticThrottleIsVerifiedKeptWhileNeededAndRevertedAfterTheIncident() throws Exception {
        RunbookExecutor executor = executor("a", order.url(), throttle("5m", "0", 5));
        String target = "order-service-" + prefix + "1";
        Instant asked = Instant.now();
        Run run = executor.propose("throttle-open-orders", target, "INC-1", Map.of(), "correlator", true);
        Duration toAction = Duration.between(asked, Instant.now());
        assertThat(run.state()).isEqualTo(Run.State.VERIFYING);
        assertThat(run.applied()).hasSize(1);
        assertThat(run.applied().getFirst().before()).isEmpty();
        System.out.printf("runbook-it: root cause known -> throttle in force in %d ms%n", toAction.toMillis());

        assertThat(order.burst(20)).contains(429);
        executor.tick();
        Run verified = store().read(run.id()).orElseThrow().run();
        assertThat(verified.state()).isEqualTo(Run.State.SUCCEEDED);

        executor.tick(); // the incident is still open: the throttle stays
        assertThat(store().read(run.id()).orElseThrow().run().state()).isEqualTo(Run.State.SUCCEEDED);
        resolved.put("INC-1", clock.instant());
        clock.advance(Duration.ofMinutes(2)); // past the hold
        executor.tick();
        Run reverted = store().read(run.id()).orElseThrow().run();
        assertThat(reverted.state()).isEqualTo(Run.State.REVERTED);
        assertThat(reverted.reason()).contains("incident INC-1 resolved");
        Thread.sleep(1100);
        assertThat(order.burst(20)).doesNotContain(429);
        // (the test clock stands still within a step, so entries of one instant come in any order)
        assertThat(audited(run.id()))
                .containsExactlyInAnyOrder(
                        "proposed",
                        "step 1: order flow rules on order:GET:/orders/open",
                        "verifying",
                        "succeeded",
                        "reverted order flow rules on order:GET:/orders/open",
                        "reverted");
        assertThat(order.audit()).contains("runbook:" + run.id());
    }

    @Test
    void aFailingVerificationRevertsAndADownControlApiFailsTheRunWithTheReason() throws Exception {
        RunbookExecutor executor = executor("a", order.url(), throttle("30s", "1000000", 5));
        Run run = executor.propose("throttle-open-orders", "order-service-" + prefix + "2", null, Map.of(), "x", true);
        assertThat(run.state()).isEqualTo(Run.State.VERIFYING);
        clock.advance(Duration.ofSeconds(31));
        executor.tick();
        Run reverted = store().read(run.id()).orElseThrow().run();
        assertThat(reverted.state()).isEqualTo(Run.State.REVERTED);
        assertThat(reverted.reason()).contains("verification failed").contains("wanted > 1000000");
        Thread.sleep(1100);
        assertThat(order.burst(10)).doesNotContain(429);

        int nobody;
        try (ServerSocket probe = new ServerSocket(0)) {
            nobody = probe.getLocalPort();
        }
        RunbookExecutor cut = executor("a", URI.create("http://127.0.0.1:" + nobody + "/"), throttle("30s", "0", 5));
        Run failed = cut.propose("throttle-open-orders", "order-service-" + prefix + "3", null, Map.of(), "x", true);
        assertThat(failed.state()).isEqualTo(Run.State.FAILED);
        assertThat(failed.reason()).contains("step 1").contains("cannot be reached");
    }

    @Test
    void twoExecutorsRacingForOneRunApplyItsStepOnce() throws Exception {
        Runbook runbook = throttle("5m", "0", 5);
        RunbookExecutor a = executor("a", order.url(), runbook);
        RunbookExecutor b = executor("b", order.url(), runbook);
        String target = "order-service-" + prefix + "4";
        Run waiting = a.propose("throttle-open-orders", target, null, Map.of(), "person", false);
        assertThat(waiting.state()).isEqualTo(Run.State.AWAITING_APPROVAL);
        RunStore.Versioned read = store().read(waiting.id()).orElseThrow();
        RunStore.Versioned running = store().update(read, read.run().approved("alice", clock.instant()));
        CountDownLatch go = new CountDownLatch(1);
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (RunbookExecutor executor : List.of(a, b))
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    outcomes.add(executor.advance(running).state());
                } catch (Exception e) {
                    outcomes.add(e.getClass().getSimpleName());
                }
            }));
        go.countDown();
        for (Thread t : threads) t.join();
        assertThat(outcomes).containsExactlyInAnyOrder(Run.State.VERIFYING, "ConflictException");
        assertThat(audited(waiting.id()).stream().filter(w -> w.startsWith("step 1")))
                .hasSize(1);
        a.revert(waiting.id(), "alice", "test over");
    }

    @Test
    void aWaitStepHoldsTheRunUntilItsTimeAndTheTickGoesOn() throws Exception {
        Runbook waiting = runbook("""
                id: wait-then-throttle
                title: Wait, then throttle
                trigger: { service: order-service }
                mode: auto
                steps:
                  - { action: wait, duration: 30s }
                  - { action: flow-rule, service: order, resource: "order:GET:/orders/open", qps: 1 }
                """);
        RunbookExecutor executor = executor("a", order.url(), waiting);
        Run run = executor.propose("wait-then-throttle", "order-service-" + prefix + "9", null, Map.of(), "x", true);
        assertThat(run.state()).isEqualTo(Run.State.RUNNING);
        executor.tick();
        assertThat(store().read(run.id()).orElseThrow().run().nextStep()).isZero();
        assertThat(order.burst(10)).doesNotContain(429);
        clock.advance(Duration.ofSeconds(31));
        executor.tick();
        Run done = store().read(run.id()).orElseThrow().run();
        assertThat(done.state()).isEqualTo(Run.State.SUCCEEDED);
        assertThat(done.applied()).hasSize(2);
        assertThat(order.burst(20)).contains(429);
        executor.revert(run.id(), "alice", "test over");
    }

    @Test
    void twoProposalsForOneTargetAtOnceStartOneRun() throws Exception {
        Runbook runbook = runbook(APPROVED);
        RunbookExecutor a = executor("a", order.url(), runbook);
        RunbookExecutor b = executor("b", order.url(), runbook);
        String target = "order-service-" + prefix + "8";
        CountDownLatch go = new CountDownLatch(1);
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (RunbookExecutor executor : List.of(a, b))
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    outcomes.add(executor.propose("switch-needs-approval", target, null, Map.of(), "p", false)
                            .state());
                } catch (Exception e) {
                    outcomes.add(e.getClass().getSimpleName());
                }
            }));
        go.countDown();
        for (Thread t : threads) t.join();
        assertThat(outcomes).containsExactlyInAnyOrder(Run.State.AWAITING_APPROVAL, "RunRefused");
    }

    @Test
    void aLockWhoseRunIsNotStoredYetStillHoldsItsTarget() throws Exception {
        // between taking the lock and storing its run, a proposal holds the target: another proposal is refused
        String target = "order-service-" + prefix + "9";
        assertThat(store().lock(target, "RUN-being-proposed")).isEmpty();
        RunbookExecutor other = executor("other", order.url(), runbook(APPROVED));

        assertThatThrownBy(() -> other.propose("switch-needs-approval", target, null, Map.of(), "p", false))
                .isInstanceOf(RunbookExecutor.RunRefused.class)
                .hasMessageContaining("being proposed on " + target);
        assertThat(store().lock(target, "RUN-other")).contains("RUN-being-proposed");
    }

    @Test
    void aStepClaimedByAnExecutorThatDiedIsTakenOverAndStillRevertsToWhatWasBefore() throws Exception {
        Runbook runbook = throttle("5m", "0", 5);
        RunbookExecutor dead = executor("dead", order.url(), runbook);
        String target = "order-service-" + prefix + "5";
        Run waiting = dead.propose("throttle-open-orders", target, null, Map.of(), "person", false);
        RunStore.Versioned read = store().read(waiting.id()).orElseThrow();
        RunStore.Versioned running = store().update(read, read.run().approved("alice", clock.instant()));
        // the dead executor read what was in force, claimed the step, applied it, and died before saving
        var action = io.outrider.runbooks.action.Actions.steps(
                        runbook.steps(), running.run().parameters(), List.of())
                .getFirst();
        ControlClient control =
                new ControlClient(Map.of("order", order.url()), OrderServiceProcess.TOKEN, Duration.ofSeconds(3));
        var plan = action.plan(control);
        store().update(
                        running,
                        running.run()
                                .withPending(
                                        new Run.Pending(
                                                0, plan, "dead", clock.instant().plusSeconds(30)),
                                        clock.instant()));
        action.apply(control, Duration.ofMinutes(10), "dead executor", "runbook:" + waiting.id());
        assertThat(order.burst(20)).contains(429);

        RunbookExecutor alive = executor("alive", order.url(), runbook);
        alive.tick(); // the claim still holds: hands off
        assertThat(store().read(waiting.id()).orElseThrow().run().state()).isEqualTo(Run.State.RUNNING);
        clock.advance(Duration.ofSeconds(31));
        alive.tick();
        Run resumed = store().read(waiting.id()).orElseThrow().run();
        assertThat(resumed.state()).isIn(Run.State.VERIFYING, Run.State.SUCCEEDED);
        assertThat(resumed.applied().getFirst().before()).isEmpty();
        assertThat(resumed.applied().getFirst().changed()).isTrue();
        Run reverted = alive.revert(waiting.id(), "alice", "done");
        assertThat(reverted.state()).isEqualTo(Run.State.REVERTED);
        Thread.sleep(1100);
        assertThat(order.burst(20)).doesNotContain(429);
        JsonNode rules = control.rules("order", "flow");
        assertThat(rules.path("rules")).isEmpty();
    }

    /** An HTTP receiver that records the idempotency key of each call; it may hold the first call until released. */
    private static final class Hook implements AutoCloseable {
        final List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch called = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final com.sun.net.httpserver.HttpServer server;

        Hook(boolean holdFirst) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/hook", exchange -> {
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                called.countDown();
                try {
                    if (holdFirst && keys.size() == 1) release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        /** A runbook whose step and revert step call this hook. */
        Runbook runbook() {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            return RunbookExecutorIT.runbook("""
                    id: call-a-hook
                    title: Call a hook
                    trigger: { service: order-service }
                    mode: auto
                    steps:
                      - { action: http, method: POST, url: "%s", body: "{}" }
                    revert:
                      - { action: http, method: POST, url: "%s", body: "{}" }
                    """.formatted(url, url));
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    private RunbookExecutor executorAllowingHttp(Runbook runbook) {
        return new RunbookExecutor(
                () -> Map.of(runbook.id(), runbook),
                store(),
                audit(),
                new ControlClient(Map.of("order", order.url()), OrderServiceProcess.TOKEN, Duration.ofSeconds(3)),
                id -> Optional.empty(),
                new RunbookExecutor.Settings(
                        "a", Duration.ofMinutes(15), Duration.ofSeconds(30), List.of("http://127.0.0.1:")),
                clock,
                () -> prefix + ids.incrementAndGet(),
                RunListener.NONE);
    }

    @Test
    void anHttpStepAndItsRevertStepCarryTheirRunAndStepAsIdempotencyKey() throws Exception {
        try (Hook hook = new Hook(false)) {
            RunbookExecutor executor = executorAllowingHttp(hook.runbook());
            Run run = executor.propose("call-a-hook", "hook-" + prefix, null, Map.of(), "x", true);
            executor.revert(run.id(), "alice", "test over");
            assertThat(hook.keys).containsExactly(run.id() + "/step-1", run.id() + "/revert-1");
        }
    }

    @Test
    void aStepOnTheWireIsNotStartedAgainByATickOfTheSameInstance() throws Exception {
        try (Hook hook = new Hook(true)) {
            RunbookExecutor executor = executorAllowingHttp(hook.runbook());
            // an approval (or an automatic start) applies the steps in the caller's thread; the tick goes on
            List<Run> started = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread starting = Thread.ofPlatform().start(() -> {
                try {
                    started.add(executor.propose("call-a-hook", "hook-" + prefix + "b", null, Map.of(), "x", true));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(hook.called.await(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            executor.tick();
            executor.tick();
            assertThat(hook.keys).as("calls while the first is on the wire").hasSize(1);
            hook.release.countDown();
            starting.join(20_000);
            assertThat(started).singleElement().extracting(Run::state).isEqualTo(Run.State.SUCCEEDED);
            executor.revert(started.getFirst().id(), "alice", "test over");
        }
    }

    @Test
    void guardrailsSayWhyARunMayNotStart() throws Exception {
        RunbookExecutor executor = executor("a", order.url(), throttle("5m", "0", 1), runbook(APPROVED));
        String target = "order-service-" + prefix + "6";
        Run first = executor.propose("switch-needs-approval", target, null, Map.of(), "bob", false);
        assertThatThrownBy(() -> executor.propose("throttle-open-orders", target, null, Map.of(), "x", true))
                .isInstanceOf(RunbookExecutor.RunRefused.class)
                .hasMessageContaining("is already awaiting approval on " + target);
        assertThatThrownBy(() -> executor.approve(first.id(), "mallory", Set.of("viewer")))
                .hasMessageContaining("needs role approver");
        clock.advance(Duration.ofMinutes(16));
        assertThatThrownBy(() -> executor.approve(first.id(), "alice", Set.of("approver")))
                .hasMessageContaining("expired");
        executor.tick();
        assertThat(store().read(first.id()).orElseThrow().run().state()).isEqualTo(Run.State.REJECTED);

        String other = "order-service-" + prefix + "7";
        Run auto = executor.propose("throttle-open-orders", other, null, Map.of(), "x", true);
        executor.revert(auto.id(), "alice", "test");
        assertThatThrownBy(() -> executor.propose("throttle-open-orders", other, null, Map.of(), "x", true))
                .hasMessageContaining("reached their cap (1 per hour)");
        executor.pause(true, "alice");
        RunbookExecutor another = executor("b", order.url(), throttle("5m", "0", 1));
        assertThatThrownBy(
                        () -> another.propose("throttle-open-orders", "elsewhere-" + prefix, null, Map.of(), "x", true))
                .as("the pause holds for every instance")
                .hasMessageContaining("automation is paused");
        executor.pause(false, "alice");
        assertThatThrownBy(() ->
                        executor.propose("throttle-open-orders", "x-" + prefix, null, Map.of("qps", 1000.0), "x", true))
                .hasMessageContaining("outside its bounds [1, 100]");
        Thread.sleep(1100);
        assertThat(order.burst(10)).doesNotContain(429);
    }
}
