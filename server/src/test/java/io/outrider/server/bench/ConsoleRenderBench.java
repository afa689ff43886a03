package io.outrider.server.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.outrider.collector.elasticsearch.SpanDocument;
import io.outrider.console.security.ApiTokens;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.server.OutriderApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-side render time of the console's inbox and incident page on a loaded store: the whole server (embedded
 * Elasticsearch with 512 MB, embedded Kafka) with 1,000,000 span documents (request trees of three transactions, as
 * the collector writes them) and 10,000 alerts sent through the Alertmanager webhook, correlated into incidents and
 * stored in the alert history. Then GET {@code /} (the open incidents) and GET {@code /incidents/{id}} (random
 * incidents), each 200 times after 20 of warm-up, one at a time on a kept-alive loopback connection: the time to
 * the last byte of the page, which bounds the server's render time from above.
 *
 * <p>Run: {@code scripts/bench-console [SPANS] [ALERTS]}.
 */
public final class ConsoleRenderBench {

    private static final String TOKEN = "bench-console-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int alerts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path home = Files.createTempDirectory("bench-console");
        System.err.println("bench-console: starting the server on embedded Elasticsearch and Kafka...");
        ConfigurableApplicationContext context = new SpringApplication(OutriderApplication.class)
                .run(
                        "--outrider.home=" + home,
                        "--server.port=0",
                        "--outrider.collector.cat.port=0",
                        "--outrider.collector.otlp.port=0",
                        "--outrider.console.api-tokens[0].name=bench",
                        "--outrider.console.api-tokens[0].sha256=" + ApiTokens.sha256(TOKEN),
                        "--outrider.console.api-tokens[0].role=admin",
                        "--logging.level.root=WARN");
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ElasticsearchClient es =
                    context.getBean(ElasticsearchConnection.class).client();
            HttpClient http = HttpClient.newHttpClient();
            writeSpans(es, spans);
            sendAlerts(http, port, alerts);
            List<String> ids = awaitIncidents(http, port, es, alerts);

            long[] inbox = measure(http, port, 220, i -> "/");
            SplittableRandom random = new SplittableRandom(7);
            long[] page = measure(http, port, 220, i -> "/incidents/" + ids.get(random.nextInt(ids.size())));
            long stored = es.count(c -> c.index("outrider-spans-*")).count();
            long history = es.count(c -> c.index("outrider-alerts-*")).count();
            System.out.printf(
                    Locale.ROOT,
                    "console render with %,d span documents, %,d stored alerts, %,d incidents (%d rows in the inbox):%n"
                            + "  inbox (GET /)            p50 %.1f ms, p95 %.1f ms, max %.1f ms%n"
                            + "  incident page            p50 %.1f ms, p95 %.1f ms, max %.1f ms   (target p95 < 300 ms)%n",
                    stored,
                    history,
                    incidentCount(es),
                    openCount(http, port),
                    percentile(inbox, 50),
                    percentile(inbox, 95),
                    percentile(inbox, 100),
                    percentile(page, 50),
                    percentile(page, 95),
                    percentile(page, 100));
        } finally {
            context.close();
        }
    }

    /** Request trees of one root and two child transactions, over the last 6 hours, 20 services. */
    private static void writeSpans(ElasticsearchClient es, int count) throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        long now = Instant.now().toEpochMilli();
        int batch = 5_000;
        long t0 = System.nanoTime();
        for (int done = 0; done < count; done += batch) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (int i = done; i < Math.min(count, done + batch); i++) {
                String service = "svc-" + random.nextInt(20);
                long at = now - random.nextLong(6 * 3_600_000L);
                long micros = 1_000 + random.nextInt(50_000);
                Message root = Message.transaction(
                        at,
                        "URL",
                        "/api/e" + random.nextInt(8),
                        random.nextInt(100) == 0 ? "500" : "0",
                        "",
                        micros,
                        List.of(
                                Message.transaction(at + 1, "SQL", "select", "0", "", micros / 3, List.of()),
                                Message.transaction(
                                        at + 2, "Call", "svc-" + random.nextInt(20), "0", "", micros / 2, List.of())));
                MessageTree tree = new MessageTree(
                        service,
                        "host",
                        "10.0.0." + random.nextInt(6),
                        "group",
                        "1",
                        "main",
                        "m-" + i,
                        null,
                        null,
                        root);
                String index = SpanDocument.index(tree);
                var doc = SpanDocument.of(tree);
                bulk.operations(o -> o.index(x -> x.index(index).document(doc)));
            }
            var response = es.bulk(bulk.build());
            if (response.errors())
                throw new IllegalStateException("bulk indexing failed: "
                        + response.items().stream()
                                .filter(item -> item.error() != null)
                                .findFirst()
                                .map(item -> item.error().reason())
                                .orElse("?"));
            if ((done + batch) % 100_000 == 0)
                System.err.printf(
                        Locale.ROOT,
                        "bench-console: %,d of %,d span documents written (%.0f s)%n",
                        done + batch,
                        count,
                        (System.nanoTime() - t0) / 1e9);
        }
        es.indices().refresh(r -> r.index("outrider-spans-*"));
    }

    /** Alerts of 12 kinds on 40 services in 25 cities, through the webhook, 250 per request. */
    private static void sendAlerts(HttpClient http, int port, int count) throws Exception {
        SplittableRandom random = new SplittableRandom(13);
        String[] names = {"Latency", "Errors", "ThroughputDrop", "SloBurn", "HeartbeatLost", "DispatchRate"};
        String[] severities = {"warning", "warning", "critical", "info"};
        Instant now = Instant.now();
        for (int done = 0; done < count; done += 250) {
            StringBuilder body =
                    new StringBuilder("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"bench\",\"alerts\":[");
            for (int i = done; i < Math.min(count, done + 250); i++) {
                if (i > done) body.append(',');
                body.append("""
                        {"status":"firing","labels":{"alertname":"%s","service":"svc-%d","instance":"10.0.%d.%d",\
                        "city":"city-%d","severity":"%s"},"startsAt":"%s"}""".formatted(
                                names[random.nextInt(names.length)],
                                random.nextInt(40),
                                random.nextInt(4),
                                random.nextInt(250),
                                random.nextInt(25),
                                severities[random.nextInt(severities.length)],
                                now.minusSeconds(random.nextInt(7_200))));
            }
            body.append("]}");
            HttpResponse<String> response = http.send(
                    request(port, "/api/alertmanager/webhook")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException("webhook: " + response.body());
            if ((done + 250) % 2_500 == 0)
                System.err.printf(Locale.ROOT, "bench-console: %,d of %,d alerts sent%n", done + 250, count);
        }
    }

    /**
     * Waits until the alert history holds every alert and the correlator has folded them all (the alerts counted in
     * the incidents stop changing); returns the ids of the latest 1,000 incidents.
     */
    private static List<String> awaitIncidents(HttpClient http, int port, ElasticsearchClient es, int alerts)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        double folded = -1;
        int unchanged = 0;
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(5_000);
            es.indices()
                    .refresh(r ->
                            r.index("outrider-alerts-*", "outrider-incidents").allowNoIndices(true));
            long history = es.count(c -> c.index("outrider-alerts-*").allowNoIndices(true))
                    .count();
            var totals = es.search(
                    s -> s.index("outrider-incidents")
                            .size(0)
                            .aggregations("alerts", a -> a.sum(m -> m.field("alertCount"))),
                    Void.class);
            long incidents =
                    totals.hits().total() == null ? 0 : totals.hits().total().value();
            double now = totals.aggregations().get("alerts").sum().value();
            System.err.printf(
                    Locale.ROOT,
                    "bench-console: %,d alerts stored, %,d incidents holding %,.0f alerts%n",
                    history,
                    incidents,
                    now);
            // done when every alert is in an incident, or nothing moved for 30 s (the rest were duplicates)
            unchanged = now == folded ? unchanged + 1 : 0;
            if (history >= alerts && (now >= alerts || unchanged >= 6)) {
                List<String> ids = new ArrayList<>();
                for (JsonNode incident : JSON.readTree(
                                get(http, port, "/api/incidents?size=1000").body())
                        .path("incidents")) ids.add(incident.path("id").asString());
                return ids;
            }
            folded = now;
        }
        throw new IllegalStateException("the alerts were not all stored and correlated within 15 minutes");
    }

    private static long incidentCount(ElasticsearchClient es) throws Exception {
        return es.count(c -> c.index("outrider-incidents")).count();
    }

    private static int openCount(HttpClient http, int port) throws Exception {
        String page = get(http, port, "/").body();
        return page.split("class=\"incident\"", -1).length - 1;
    }

    /** Times each GET to its last byte; the first 20 are warm-up. */
    private static long[] measure(HttpClient http, int port, int times, java.util.function.IntFunction<String> path)
            throws Exception {
        long[] nanos = new long[times - 20];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = get(http, port, path.apply(i));
            long took = System.nanoTime() - t0;
            if (response.statusCode() != 200)
                throw new IllegalStateException(path.apply(i) + " answered " + response.statusCode());
            if (i >= 20) nanos[i - 20] = took;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(request(port, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN);
    }
}
