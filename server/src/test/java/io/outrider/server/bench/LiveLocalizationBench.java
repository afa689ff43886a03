package io.outrider.server.bench;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import io.outrider.dedup.correlate.CallGraph;
import io.outrider.dedup.rca.IncidentLocalizer;
import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import io.outrider.topology.report.ReportRollup;
import io.outrider.topology.report.ReportStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Live root-cause localization of one incident on a call chain of N services (default 50), end to end as the server
 * does it: the minute reports of the neighbourhood read from Elasticsearch (embedded, 512 MB), turned into series
 * (per service: calls, error rate, p99 overall and per endpoint, heartbeat series), ranked with the call graph. The
 * reports are written first as the rollup writer stores them: 40 minutes, 20 requests per service per minute, the
 * last service of the chain slow for the last 6 minutes. 10 timed localizations after 3 of warm-up.
 *
 * <p>Run: {@code scripts/bench-live-rca [SERVICES]}.
 */
public final class LiveLocalizationBench {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path work = Files.createTempDirectory("bench-live-rca");
        System.err.println("bench-live-rca: starting Elasticsearch (heap 512m)...");
        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings.inDirectory(
                        EmbeddedElasticsearchSettings.reachable(work.resolve("es")))
                .withHeap("512m");
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.startAndAwait(
                        settings,
                        ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null));
                ElasticsearchConnection connection = ElasticsearchConnection.open(
                        List.of(es.uri()), Duration.ofSeconds(5), Duration.ofSeconds(60))) {
            ReportRollup rollup = new ReportRollup();
            new IndexTemplates(connection.client(), new IndexTemplates.IndexSettings(1, 0))
                    .install(List.of(rollup.indexTemplate()));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Instant fault = now.minus(Duration.ofMinutes(6));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < services; i++) names.add("svc-" + i);
            System.err.printf("bench-live-rca: writing 40 minutes of reports of %d services...%n", services);
            SplittableRandom random = new SplittableRandom(5);
            for (int m = 40; m > 0; m--) {
                Instant minute = now.minus(Duration.ofMinutes(m));
                var bulk = new co.elastic.clients.elasticsearch.core.BulkRequest.Builder();
                for (int s = 0; s < services; s++) {
                    ReportRollup.Rows rows = (ReportRollup.Rows) rollup.empty();
                    boolean slow = !minute.isBefore(fault) && s >= services - 1;
                    for (int r = 0; r < 20; r++) {
                        // a service waits for its callee: the chain's latencies add up from the end
                        long micros = 2_000L * (services - s) + random.nextInt(500) + (slow ? 300_000 : 0);
                        for (int e = 0; e < 3; e++)
                            rows.add(new MessageTree(
                                    names.get(s),
                                    "h",
                                    "10.0.0." + s,
                                    "g",
                                    "1",
                                    "t",
                                    names.get(s) + "-" + m + "-" + r + "-" + e,
                                    null,
                                    null,
                                    Message.transaction(
                                            minute.toEpochMilli() + r * 1000L,
                                            "URL",
                                            "/e" + e,
                                            "0",
                                            "",
                                            micros,
                                            List.of())));
                    }
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("minute", minute.toEpochMilli());
                    doc.put("partition", s % 6);
                    doc.put("lastOffset", 0L);
                    doc.put("services", List.copyOf(rows.services()));
                    doc.put("entries", rows.entries());
                    String index = ReportRollup.INDEX_PREFIX + DAY.format(minute);
                    String id = minute.toEpochMilli() + "-" + names.get(s);
                    bulk.operations(o -> o.index(i -> i.index(index).id(id).document(doc)));
                }
                connection
                        .client()
                        .bulk(bulk.refresh(co.elastic.clients.elasticsearch._types.Refresh.True)
                                .build());
            }
            Map<String, Set<String>> calls = new HashMap<>();
            for (int s = 0; s + 1 < services; s++) calls.put(names.get(s), Set.of(names.get(s + 1)));
            CallGraph graph = new CallGraph(calls);
            // the alerts come from the chain's front; the neighbourhood is everything within two hops of each alert
            Incident incident = null;
            for (int s = 0; s < services; s++) {
                Alert alert = Alert.firing(
                        Map.of("alertname", "Latency", "service", names.get(s), "city", "bench", "severity", "warning"),
                        Map.of(),
                        fault.plusSeconds(60),
                        "bench",
                        "");
                incident = incident == null ? Incident.open("INC-BENCH", alert, "") : incident.with(alert, "");
            }
            IncidentLocalizer localizer = new IncidentLocalizer(
                    new io.outrider.server.ReportSeries(new ReportStore(connection.client()), List.of()));
            long[] nanos = new long[13];
            RootCause ranked = null;
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                ranked = localizer.localize(incident, graph, now.plusSeconds(30));
                nanos[i] = System.nanoTime() - t0;
            }
            long[] measured = java.util.Arrays.copyOfRange(nanos, 3, nanos.length);
            java.util.Arrays.sort(measured);
            System.out.printf(
                    Locale.ROOT,
                    "live localization of one incident of %d services (reports read from Elasticsearch, ranked):"
                            + " median %.1f ms, max %.1f ms (target < 1,000 ms); top suspect %s (faulty: %s)%n",
                    services,
                    measured[measured.length / 2] / 1e6,
                    measured[measured.length - 1] / 1e6,
                    ranked.top(),
                    names.getLast());
        }
    }
}
