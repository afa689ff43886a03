package io.outrider.runbooks.bench;

import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import io.outrider.runbooks.OrderServiceProcess;
import io.outrider.runbooks.action.ControlClient;
import io.outrider.runbooks.catalog.Runbook;
import io.outrider.runbooks.catalog.RunbookFiles;
import io.outrider.runbooks.run.AuditLog;
import io.outrider.runbooks.run.Run;
import io.outrider.runbooks.run.RunStore;
import io.outrider.runbooks.run.RunbookExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Time from "root cause known" to "action in force" for an automatic runbook: the executor is asked to run a
 * throttle (as the incident trigger does once an incident names its root cause) and the clock stops when the
 * order-service's control API reads the rule back. Side by side, in the same run, the floor: the same change made
 * directly on the control API (read, write, read back) with no run stored, claimed or audited. Real Elasticsearch
 * (embedded, 512 MB) and a real order-service process.
 *
 * <p>Run: {@code scripts/bench-runbooks [RUNS]}.
 */
public final class RunbookLatencyBench {

    private static final String RUNBOOK = """
            id: bench-throttle
            title: Throttle the open-orders list
            trigger: { service: order-service }
            mode: auto
            steps:
              - { action: flow-rule, service: order, resource: "order:GET:/orders/open", qps: 5 }
            guardrails: { maxAutoRunsPerHour: 100000, ttl: 10m }
            """;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path work = Files.createTempDirectory("bench-runbooks");
        progress("starting Elasticsearch (heap 512m) and order-service...");
        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings.inDirectory(
                        EmbeddedElasticsearchSettings.reachable(work.resolve("es")))
                .withHeap("512m");
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.startAndAwait(
                        settings,
                        ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null));
                ElasticsearchConnection connection =
                        ElasticsearchConnection.open(List.of(es.uri()), Duration.ofSeconds(5), Duration.ofSeconds(30));
                OrderServiceProcess order = OrderServiceProcess.start()) {
            new IndexTemplates(connection.client(), new IndexTemplates.IndexSettings(1, 0))
                    .install(List.of(RunStore.indexTemplate(), AuditLog.indexTemplate()));
            Runbook runbook = java.util.Objects.requireNonNull(
                    RunbookFiles.parse("bench.yml", RUNBOOK).runbook());
            ControlClient control =
                    new ControlClient(Map.of("order", order.url()), OrderServiceProcess.TOKEN, Duration.ofSeconds(5));
            AtomicInteger ids = new AtomicInteger();
            RunbookExecutor executor = new RunbookExecutor(
                    () -> Map.of(runbook.id(), runbook),
                    new RunStore(connection.client()),
                    new AuditLog(connection.client()),
                    control,
                    id -> Optional.empty(),
                    new RunbookExecutor.Settings("bench", Duration.ofMinutes(15), Duration.ofSeconds(30), List.of()),
                    Clock.systemUTC(),
                    () -> "BENCH-" + ProcessHandle.current().pid() + "-" + ids.incrementAndGet(),
                    io.outrider.runbooks.run.RunListener.NONE);
            ObjectNode rule = JsonNodeFactory.instance.objectNode();
            rule.put("resource", "order:GET:/orders/open");
            rule.put("grade", "qps");
            rule.put("count", 5.0);
            rule.put("controlBehavior", "reject");

            List<Long> outrider = new ArrayList<>();
            List<Long> direct = new ArrayList<>();
            int warmup = Math.max(3, runs / 10);
            for (int i = 0; i < warmup + runs; i++) {
                boolean measured = i >= warmup;
                long t0 = System.nanoTime();
                Run run = executor.propose(runbook.id(), "bench-target-" + i, "INC-" + i, Map.of(), "bench", true);
                awaitRule(control);
                long t1 = System.nanoTime();
                executor.revert(run.id(), "bench", "bench");
                long t2 = System.nanoTime();
                control.putRules(
                        "order",
                        "flow",
                        JsonNodeFactory.instance.arrayNode().add(rule),
                        Duration.ofMinutes(10),
                        "bench",
                        "bench");
                awaitRule(control);
                long t3 = System.nanoTime();
                control.putRules("order", "flow", JsonNodeFactory.instance.arrayNode(), null, "bench", "bench");
                if (measured) {
                    outrider.add(t1 - t0);
                    direct.add(t3 - t2);
                }
                if ((i + 1) % 10 == 0) progress("%d of %d runs", i + 1, warmup + runs);
            }
            System.out.println("| path | runs | p50 | p95 | max |");
            System.out.println("|---|---:|---:|---:|---:|");
            row("Outrider: run proposed → stored, claimed, applied, read back on order-service", outrider);
            row("floor: the same rule PUT on the control API and read back", direct);
        }
    }

    private static void awaitRule(ControlClient control) throws Exception {
        while (!control.rules("order", "flow").path("rules").toString().contains("order:GET:/orders/open"))
            Thread.sleep(1);
    }

    private static void row(String name, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Long::compare);
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f ms | %.1f ms | %.1f ms |%n",
                name,
                sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1e6,
                sorted.getLast() / 1e6);
    }

    private static void progress(String format, Object... args) {
        System.err.printf("bench-runbooks: " + format + "%n", args);
    }
}
