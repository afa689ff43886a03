package io.outrider.server.bench;

import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.collector.elasticsearch.SpanDocument;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * End-to-end ingest, side by side on one Elasticsearch in one run (each system alone on the machine in its turn):
 *
 * <ol>
 *   <li><b>raw bulk ceiling</b>: the span documents Outrider writes, sent straight to {@code _bulk} (same mapping,
 *       same document ids) by {@code --bulk-clients} concurrent clients — the most that Elasticsearch takes;
 *   <li><b>Outrider</b>: the same requests as NT1 frames over CAT TCP to {@code outrider server} (external
 *       Elasticsearch, embedded Kafka), timed from the first byte sent until the last document is searchable;
 *   <li><b>Zipkin</b> server 3.6.1 with Elasticsearch storage: the same requests as Zipkin v2 JSON spans, timed the
 *       same way.
 * </ol>
 *
 * Rates are in spans per second, a span being one transaction (three per request): Outrider keeps a request's
 * three transactions in one document, Zipkin in three.
 */
@Command(name = "bench-ingest", mixinStandardHelpOptions = true)
public final class IngestBench implements Callable<Integer> {

    @Option(
            names = "--requests",
            defaultValue = "100000",
            description = "requests per system (default ${DEFAULT-VALUE})")
    int requests;

    @CommandLine.Mixin
    BenchServer.Options server = new BenchServer.Options();

    @Option(names = "--zipkin-jar", required = true)
    Path zipkinJar;

    @Option(names = "--bulk-clients", defaultValue = "2")
    int bulkClients;

    @Option(names = "--cat-connections", defaultValue = "2")
    int catConnections;

    @Option(names = "--chart", description = "write an SVG bar chart of the rates here")
    Path chart;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Elasticsearch itself (counting, the direct bulk ceiling). */
    private URI elasticsearch;
    /** The proxy in front of it that every system writes through (see {@link RootAnsweringProxy}). */
    private URI storage;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestBench()).execute(args));
    }

    record Result(String system, long spans, double seconds, String note) {
        double rate() {
            return spans / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        Path work = server.work;
        Files.createDirectories(work);
        String runId = Long.toHexString(System.currentTimeMillis());
        BenchWorkload workload = new BenchWorkload(System.currentTimeMillis(), runId);
        progress("preparing %,d requests (%,d spans) for each system...", requests, spans());
        List<MessageTree> trees = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) trees.add(workload.tree(i));
        // each system first gets a fifth as many other requests, unmeasured, so JIT and caches are warm
        int warmRequests = Math.max(1, requests / 5);
        BenchWorkload warmWorkload = new BenchWorkload(System.currentTimeMillis(), runId + "w");
        List<MessageTree> warmTrees = new ArrayList<>(warmRequests);
        for (int i = 0; i < warmRequests; i++) warmTrees.add(warmWorkload.tree(i));

        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings.inDirectory(
                        EmbeddedElasticsearchSettings.reachable(work.resolve("es")))
                .withHeap(server.esHeap);
        progress("starting Elasticsearch %s (heap %s)...", Versions.current().elasticsearch(), server.esHeap);
        List<Result> results = new ArrayList<>();
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.startAndAwait(
                settings, ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null))) {
            elasticsearch = es.uri();
            try (RootAnsweringProxy proxy =
                    new RootAnsweringProxy(es.uri(), Versions.current().elasticsearch())) {
                storage = proxy.uri();
                progress("starting outrider server (Elasticsearch through %s, embedded Kafka)...", storage);
                BenchServer.Started started = BenchServer.start(server, storage, List.of());
                catPort = started.catPort();
                try {
                    BenchServer.awaitUp(http, "Outrider", started.health(), started.process(), work);
                    progress("warming up Elasticsearch and Outrider with %,d requests each...", warmRequests);
                    bulkCeiling(warmTrees, elasticsearch, "warmup");
                    results.add(bulkCeiling(trees, elasticsearch, "direct"));
                    results.add(bulkCeiling(trees, storage, "proxied"));
                    outrider(warmTrees);
                    results.add(outrider(trees));
                } finally {
                    BenchServer.stop(started.process());
                }
                Process zipkin = startZipkin();
                try {
                    BenchServer.awaitUp(
                            http, "Zipkin", URI.create("http://127.0.0.1:" + zipkinPort + "/health"), zipkin, work);
                    progress("warming up Zipkin with %,d requests...", warmRequests);
                    zipkin(warmWorkload, warmRequests);
                    results.add(zipkin(workload, requests));
                } finally {
                    BenchServer.stop(zipkin);
                }
            }
        }
        report(results);
        return 0;
    }

    private long spans() {
        return (long) requests * BenchWorkload.SPANS_PER_TREE;
    }

    // ---- raw bulk ceiling -------------------------------------------------------------------------------------

    private Result bulkCeiling(List<MessageTree> trees, URI target, String how) throws Exception {
        String index = SpanDocument.INDEX_PREFIX + "bulk-ceiling-" + how;
        progress("raw _bulk: serializing %,d span documents...", trees.size());
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int inBody = 0;
        for (MessageTree tree : trees) {
            body.write(("{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + tree.messageId() + "\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(JSON.writeValueAsBytes(SpanDocument.of(tree)));
            body.write('\n');
            if (++inBody == 1000) {
                bodies.add(body.toByteArray());
                body.reset();
                inBody = 0;
            }
        }
        if (inBody > 0) bodies.add(body.toByteArray());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(bulkClients);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < bulkClients; c++)
            senders.add(pool.submit(() -> {
                for (int b; (b = next.getAndIncrement()) < bodies.size(); ) {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(target.resolve("/_bulk"))
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || response.body().contains("\"errors\":true"))
                        failed.incrementAndGet();
                }
                return null;
            }));
        Timing timing = awaitCount(
                "raw _bulk (" + how + ")",
                index,
                trees.size(),
                start,
                () -> senders.stream().allMatch(Future::isDone));
        for (Future<?> sender : senders) sender.get();
        pool.shutdown();
        double seconds = timing.seconds();
        long docs = count(index);
        return new Result(
                "Elasticsearch raw `_bulk`, " + how + " (" + bulkClients + " clients × 1,000 docs)",
                docs * BenchWorkload.SPANS_PER_TREE,
                seconds,
                failed.get() == 0 ? "" : failed.get() + " bulks with errors");
    }

    // ---- Outrider ---------------------------------------------------------------------------------------------

    private int catPort;

    private Result outrider(List<MessageTree> trees) throws Exception {
        List<byte[]> frames = new ArrayList<>(trees.size());
        for (MessageTree tree : trees) frames.add(Nt1Encoder.encode(tree));
        String index = SpanDocument.index(trees.getFirst());
        long before = count(index);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(catConnections);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < catConnections; c++) {
            int connection = c;
            senders.add(pool.submit(() -> {
                try (Socket socket = new Socket("127.0.0.1", catPort);
                        DataOutputStream out =
                                new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16))) {
                    for (int i = connection; i < frames.size(); i += catConnections) {
                        out.writeInt(frames.get(i).length);
                        out.write(frames.get(i));
                    }
                    out.flush();
                }
                return null;
            }));
        }
        Timing timing = awaitCount(
                "outrider",
                index,
                before + trees.size(),
                start,
                () -> senders.stream().allMatch(Future::isDone));
        for (Future<?> sender : senders) sender.get();
        pool.shutdown();
        double seconds = timing.seconds();
        long docs = count(index) - before;
        return new Result(
                "Outrider: CAT TCP → Kafka → Elasticsearch",
                docs * BenchWorkload.SPANS_PER_TREE,
                seconds,
                "all sent after %.1f s".formatted(timing.sentNanos() / 1e9));
    }

    // ---- Zipkin -----------------------------------------------------------------------------------------------

    private int zipkinPort;

    private Process startZipkin() throws IOException {
        zipkinPort = BenchServer.freePort();
        progress("starting Zipkin server (%s) on :%d, Elasticsearch storage...", zipkinJar.getFileName(), zipkinPort);
        ProcessBuilder builder = new ProcessBuilder(
                        BenchServer.javaBin(),
                        "--sun-misc-unsafe-memory-access=allow",
                        "-jar",
                        zipkinJar.toString(),
                        "--armeria.ports[0].ip=127.0.0.1", // loopback only, like everything here
                        "--armeria.ports[0].port=" + zipkinPort,
                        "--armeria.ports[0].protocols[0]=http")
                .redirectErrorStream(true)
                .redirectOutput(server.work.resolve("zipkin.log").toFile());
        builder.environment().put("STORAGE_TYPE", "elasticsearch");
        builder.environment().put("ES_HOSTS", storage.toString());
        builder.environment().put("QUERY_PORT", Integer.toString(zipkinPort));
        builder.environment().put("COLLECTOR_SCRIBE_ENABLED", "false");
        return builder.start();
    }

    private Result zipkin(BenchWorkload workload, int requests) throws Exception {
        long spans = (long) requests * BenchWorkload.SPANS_PER_TREE;
        progress("Zipkin: serializing %,d spans as Zipkin v2 JSON...", spans);
        List<byte[]> bodies = new ArrayList<>();
        ArrayNode batch = BenchWorkload.newArray();
        for (int i = 0; i < requests; i++) {
            workload.zipkinSpans(i, batch);
            if (batch.size() >= 300) {
                bodies.add(BenchWorkload.json(batch));
                batch = BenchWorkload.newArray();
            }
        }
        if (!batch.isEmpty()) bodies.add(BenchWorkload.json(batch));
        String index = "zipkin*span-*";
        long before = count(index);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(bulkClients);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < bulkClients; c++)
            senders.add(pool.submit(() -> {
                for (int b; (b = next.getAndIncrement()) < bodies.size(); ) {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zipkinPort + "/api/v2/spans"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) refused.incrementAndGet();
                }
                return null;
            }));
        Timing timing = awaitCount(
                "zipkin", index, before + spans, start, () -> senders.stream().allMatch(Future::isDone));
        for (Future<?> sender : senders) sender.get();
        pool.shutdown();
        double seconds = timing.seconds();
        long stored = count(index) - before;
        String note = "all sent after %.1f s".formatted(timing.sentNanos() / 1e9);
        if (stored < spans)
            note += "; %,d spans never stored (%.1f%%)".formatted(spans - stored, 100.0 * (spans - stored) / spans);
        if (refused.get() > 0) note += "; " + refused.get() + " requests refused";
        return new Result("Zipkin 3.6.1 (`/api/v2/spans`, ES storage)", stored, seconds, note);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * When sending ended and when the last document became searchable, in ns after the start.
     *
     * @param sentNanos ns after the start when every request had been sent
     * @param doneNanos ns after the start when the last document counted became searchable
     */
    private record Timing(long sentNanos, long doneNanos) {
        double seconds() {
            return doneNanos / 1e9;
        }
    }

    /**
     * Waits until {@code expected} documents are searchable in {@code index}, or nothing more arrives for 30 s after
     * sending ended (then the time of the last arrival counts, not the wait); shows progress.
     */
    private Timing awaitCount(
            String what, String index, long expected, long start, java.util.function.BooleanSupplier sent)
            throws Exception {
        long sentAt = -1;
        long last = -1;
        long lastChange = System.nanoTime();
        long lastPrint = 0;
        while (true) {
            if (sentAt < 0 && sent.getAsBoolean()) sentAt = System.nanoTime() - start;
            long now = System.nanoTime();
            long count = count(index);
            if (count != last) {
                last = count;
                lastChange = now;
            }
            if (now - lastPrint > 2_000_000_000L) {
                double seconds = (now - start) / 1e9;
                progress("%s: %,d / %,d documents searchable after %.0f s", what, count, expected, seconds);
                lastPrint = now;
            }
            if (count >= expected) return new Timing(sentAt < 0 ? now - start : sentAt, now - start);
            if (sentAt >= 0 && now - lastChange > 30_000_000_000L) {
                progress("%s: no progress for 30 s; stopping at %,d of %,d", what, count, expected);
                return new Timing(sentAt, lastChange - start);
            }
            Thread.sleep(200);
        }
    }

    private long count(String index) throws Exception {
        return BenchServer.count(http, elasticsearch, index);
    }

    private static void progress(String format, Object... args) {
        System.err.println("bench-ingest: " + String.format(Locale.ROOT, format, args));
    }

    private void report(List<Result> results) throws IOException {
        // the higher of the two ceilings, direct or through the proxy the systems write through: the stricter bar
        double ceiling = Math.max(results.get(0).rate(), results.get(1).rate());
        double zipkin = results.get(3).rate();
        StringBuilder out = new StringBuilder();
        out.append("| system | spans stored | seconds | spans/s | vs raw bulk ceiling | vs Zipkin | note |\n");
        out.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results)
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.1f | %,.0f | %.0f%% | %.2f× | %s |%n",
                    r.system(),
                    r.spans(),
                    r.seconds(),
                    r.rate(),
                    100 * r.rate() / ceiling,
                    r.rate() / zipkin,
                    r.note()));
        System.out.print(out);
        if (chart != null) Files.writeString(chart, svg(results));
    }

    /** A horizontal bar chart of the rates. */
    static String svg(List<Result> results) {
        double max = results.stream().mapToDouble(Result::rate).max().orElse(1);
        int width = 720;
        int barArea = 300;
        int rowHeight = 40;
        StringBuilder svg = new StringBuilder();
        svg.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">\n"
                        .formatted(width, 40 + rowHeight * results.size()));
        svg.append(
                "<text x=\"10\" y=\"20\" font-weight=\"bold\">End-to-end ingest into one Elasticsearch, spans/s (higher is better)</text>\n");
        String[] colours = {"#bdbdbd", "#9e9e9e", "#1f77b4", "#ff7f0e"};
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            int y = 35 + i * rowHeight;
            int bar = (int) Math.round(barArea * r.rate() / max);
            String label = r.system().replace("`", "").replaceAll(" \\(.*\\)$", "");
            svg.append("<text x=\"10\" y=\"%d\">%s</text>\n"
                    .formatted(y + 14, escape(label.length() > 46 ? label.substring(0, 46) + "…" : label)));
            svg.append("<rect x=\"330\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>\n"
                    .formatted(y, bar, colours[i % colours.length]));
            svg.append("<text x=\"%d\" y=\"%d\">%,.0f</text>\n".formatted(335 + bar, y + 14, r.rate()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
