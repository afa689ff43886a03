package io.outrider.topology.rollup;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import io.outrider.topology.graph.ServiceGraph;
import io.outrider.topology.graph.TopologyRollup;
import io.outrider.topology.graph.TopologyStore;
import io.outrider.topology.report.ReportRollup;
import io.outrider.topology.report.ReportStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A 24-hour report and graph query over stored minutes holding at least a million spans: the minutes a day of
 * traffic of five services leaves (1,440 minutes × their partitions, written as the rollup writer writes them), then
 * {@code ReportStore.report} of one service and {@code TopologyStore.graph} over the whole day, five times each.
 *
 * <p>Usage: {@code ReportQueryBench WORK_DIR [SPANS]} (default 1,050,000 spans).
 */
public final class ReportQueryBench {

    private static final String[] SERVICES = {
        "order-service", "dispatch-service", "rider-service", "eta-service", "pricing-service"
    };

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long spans = args.length > 1 ? Long.parseLong(args[1]) : 1_050_000;
        long trees = spans / 3;
        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings.inDirectory(
                        EmbeddedElasticsearchSettings.reachable(work.resolve("es")))
                .withHeap("1g");
        progress("starting Elasticsearch %s...", Versions.current().elasticsearch());
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.startAndAwait(
                        settings,
                        ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null));
                ElasticsearchConnection connection = ElasticsearchConnection.open(
                        List.of(es.uri()), Duration.ofSeconds(5), Duration.ofSeconds(60))) {
            new IndexTemplates(connection.client(), new IndexTemplates.IndexSettings(1, 0))
                    .install(List.of(new TopologyRollup().indexTemplate(), new ReportRollup().indexTemplate()));
            Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            Instant start = end.minus(Duration.ofDays(1));
            long perMinute = trees / 1440 + 1;
            progress(
                    "writing the minutes of %,d requests (%,d spans) over 24 h...",
                    perMinute * 1440, perMinute * 1440 * 3);
            SplittableRandom random = new SplittableRandom(7);
            long written = 0;
            long[] sentPerService = new long[SERVICES.length];
            for (int m = 0; m < 1440; m++) {
                long minute = start.toEpochMilli() + m * 60_000L;
                Rollup.Minute[] reports = new Rollup.Minute[SERVICES.length];
                Rollup.Minute[] edges = new Rollup.Minute[SERVICES.length];
                for (int s = 0; s < SERVICES.length; s++) {
                    reports[s] = new ReportRollup().empty();
                    edges[s] = new TopologyRollup().empty();
                }
                for (long i = 0; i < perMinute; i++) {
                    int s = (int) (i % SERVICES.length);
                    MessageTree tree = tree(SERVICES[s], SERVICES[(s + 1) % SERVICES.length], minute, random);
                    reports[s].add(tree);
                    edges[s].add(tree);
                    sentPerService[s]++;
                    written++;
                }
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (int s = 0; s < SERVICES.length; s++) {
                    var report = MinuteRollupWriter.document(minute, s, perMinute, reports[s]);
                    var edge = MinuteRollupWriter.document(minute, s, perMinute, edges[s]);
                    int partition = s;
                    bulk.operations(op ->
                            op.index(x -> x.index(MinuteRollupWriter.index(ReportRollup.INDEX_PREFIX, minute))
                                    .id(minute + "-" + partition)
                                    .document(report)));
                    bulk.operations(op ->
                            op.index(x -> x.index(MinuteRollupWriter.index(TopologyRollup.INDEX_PREFIX, minute))
                                    .id(minute + "-" + partition)
                                    .document(edge)));
                }
                var response = connection.client().bulk(bulk.build());
                if (response.errors()) throw new IllegalStateException("bulk errors at minute " + m);
                if (m % 240 == 239) progress("  %d of 1,440 minutes written", m + 1);
            }
            connection.client().indices().refresh(r -> r.index("outrider-*"));
            ReportStore reports = new ReportStore(connection.client());
            TopologyStore topology = new TopologyStore(connection.client());
            progress("querying 24 h, 5 times each...");
            double[] reportMs = new double[5];
            double[] graphMs = new double[5];
            long urlCount = 0;
            long edgesCalls = 0;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                var report = reports.report("order-service", start, end);
                reportMs[i] = (System.nanoTime() - t0) / 1e6;
                urlCount = report.rows().transactions().entrySet().stream()
                        .filter(e -> e.getKey().type().equals("URL"))
                        .mapToLong(e -> e.getValue().calls())
                        .sum();
                t0 = System.nanoTime();
                ServiceGraph graph = topology.graph(start, end);
                graphMs[i] = (System.nanoTime() - t0) / 1e6;
                edgesCalls = graph.edges().values().stream()
                        .mapToLong(LatencyStats::calls)
                        .sum();
            }
            Arrays.sort(reportMs);
            Arrays.sort(graphMs);
            System.out.printf(
                    Locale.ROOT,
                    "| query over 24 h (%,d spans, %,d minute documents) | median ms | min ms | max ms | check |%n",
                    written * 3,
                    1440 * SERVICES.length * 2);
            System.out.println("|---|---:|---:|---:|---|");
            System.out.printf(
                    Locale.ROOT,
                    "| transaction report of order-service | %.0f | %.0f | %.0f | %,d URL requests (%,d sent) |%n",
                    reportMs[2],
                    reportMs[0],
                    reportMs[4],
                    urlCount,
                    sentPerService[0]);
            System.out.printf(
                    Locale.ROOT,
                    "| dependency graph, all services | %.0f | %.0f | %.0f | %,d calls (%,d sent) |%n",
                    graphMs[2],
                    graphMs[0],
                    graphMs[4],
                    edgesCalls,
                    written);
        }
    }

    private static MessageTree tree(String service, String callee, long minute, SplittableRandom random) {
        long t = minute + random.nextLong(60_000);
        int route = random.nextInt(40);
        long micros = (long) Math.exp(random.nextDouble(7, 13));
        return new MessageTree(
                service,
                "h",
                "10.0.0.1",
                "main",
                "1",
                "http-1",
                service + "-" + t,
                null,
                null,
                Message.transaction(
                        t,
                        "URL",
                        "/api/v1/resource" + route,
                        "0",
                        "",
                        micros + 5_000,
                        List.of(
                                Message.leaf(MessageKind.EVENT, t, "URL.Method", "GET", "0", ""),
                                Message.transaction(
                                        t,
                                        "SQL",
                                        "Mapper.select" + (route % 8),
                                        "0",
                                        "",
                                        1_000 + micros / 10,
                                        List.of()),
                                Message.transaction(
                                        t,
                                        "Call",
                                        callee + ":/api/quote",
                                        random.nextInt(100) == 0 ? "ERROR" : "0",
                                        "",
                                        micros,
                                        List.of(Message.leaf(MessageKind.EVENT, t, "Call.app", callee, "0", ""))))));
    }

    private static void progress(String format, Object... args) {
        System.err.println("bench-rollups: " + String.format(Locale.ROOT, format, args));
    }
}
