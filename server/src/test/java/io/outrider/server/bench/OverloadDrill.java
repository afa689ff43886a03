package io.outrider.server.bench;

import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * Overload drill: CAT clients offer {@code outrider server} (embedded Kafka, its own Elasticsearch) more requests a
 * second than it sustains end to end, for a while, then stop. Sampled every second: what was offered, what the
 * server took from the sockets, what is searchable, the server's heap and resident memory, whether its Kafka sink
 * reports congestion and how often it paused reading. Afterwards: spans lost (sent but never searchable), duplicates,
 * and the time from the end of the load until everything sent is searchable.
 *
 * <p>A request a client could not write (the server stopped reading: TCP backpressure) is not sent; a real CAT
 * client keeps such messages in its bounded queue and drops the oldest, on its side, counted there.
 */
@Command(name = "drill-overload", mixinStandardHelpOptions = true)
public final class OverloadDrill implements Callable<Integer> {

    @Option(
            names = "--rate",
            defaultValue = "33600",
            description = "requests offered per second (default ${DEFAULT-VALUE}: twice the 16,800 sustained)")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "how long the load lasts")
    int seconds;

    @Option(names = "--connections", defaultValue = "2", description = "CAT connections sharing the load")
    int connections;

    @CommandLine.Mixin
    BenchServer.Options server = new BenchServer.Options();

    @Option(names = "--server-heap", defaultValue = "1g", description = "-Xmx of the server")
    String serverHeap;

    @Option(names = "--report", description = "write the Markdown report here")
    Path report;

    @Option(names = "--chart", description = "write an SVG chart of the run here")
    Path chart;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)");
    private static final Pattern PAUSES =
            Pattern.compile("(?m)^outrider_collector_cat_read_pauses_total\\{[^}]*} (\\S+)");
    private static final Pattern IN_FLIGHT = Pattern.compile("(?m)^outrider_collector_kafka_in_flight\\{[^}]*} (\\S+)");
    private static final Pattern DROPPED =
            Pattern.compile("(?m)^outrider_collector_dropped_records_total\\{[^}]*} (\\S+)");

    private static final Pattern PUBLISHED =
            Pattern.compile("(?m)^outrider_collector_published_trees_total\\{[^}]*} (\\S+)");
    private static final Pattern WRITTEN =
            Pattern.compile("(?m)^outrider_collector_spans_indexed_total\\{[^}]*} (\\S+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI elasticsearch;
    private int serverPort;
    private int catPort;

    /** One second of the run. */
    record Sample(
            double at,
            long offered,
            long sent,
            long indexed,
            double heapMb,
            double rssMb,
            boolean congested,
            long readPauses,
            long inFlight,
            long dropped,
            long published,
            long written) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new OverloadDrill()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = server.work;
        Files.createDirectories(work);
        int requests = rate * seconds;
        BenchWorkload workload =
                new BenchWorkload(System.currentTimeMillis(), Long.toHexString(System.currentTimeMillis()));
        progress("encoding %,d requests (%,d spans) as CAT frames...", requests, spans(requests));
        List<byte[]> frames = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            frames.add(Nt1Encoder.encode(workload.tree(i)));
            if (i % 500_000 == 499_999) progress("  %,d encoded", i + 1);
        }
        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings.inDirectory(
                        EmbeddedElasticsearchSettings.reachable(work.resolve("es")))
                .withHeap(server.esHeap);
        progress("starting Elasticsearch %s (heap %s)...", Versions.current().elasticsearch(), server.esHeap);
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.startAndAwait(
                settings, ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null))) {
            elasticsearch = es.uri();
            progress("starting outrider server (heap %s, embedded Kafka)...", serverHeap);
            BenchServer.Started started = BenchServer.start(server, elasticsearch, List.of("-Xmx" + serverHeap));
            serverPort = started.port();
            catPort = started.catPort();
            try {
                BenchServer.awaitUp(http, "Outrider", started.health(), started.process(), work);
                List<Sample> samples = run(frames, started.process());
                String text = report(samples);
                System.out.print(text);
                if (report != null) Files.writeString(report, text);
                if (chart != null) Files.writeString(chart, svg(samples));
            } finally {
                BenchServer.stop(started.process());
            }
        }
        return 0;
    }

    private static long spans(long requests) {
        return requests * BenchWorkload.SPANS_PER_TREE;
    }

    // ---- the load ---------------------------------------------------------------------------------------------

    private List<Sample> run(List<byte[]> frames, Process server) throws Exception {
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            senders.add(Thread.ofPlatform().name("cat-client-" + c).start(() -> {
                try {
                    send(frames, connection, start, end, sent);
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        progress(
                "offering %,d requests/s (%,d spans/s) over %d CAT connections for %d s...",
                rate, spans(rate), connections, seconds);
        List<Sample> samples = new ArrayList<>();
        long loadEnded = -1;
        long lastChange = System.nanoTime();
        long lastIndexed = -1;
        while (true) {
            Thread.sleep(1000);
            long now = System.nanoTime();
            boolean loading = now < end;
            long offered = Math.min((long) frames.size(), (long) ((Math.min(now, end) - start) / 1e9 * rate));
            Sample sample = sample((now - start) / 1e9, offered, sent.get(), server);
            samples.add(sample);
            progress(
                    "%3.0f s: offered %,d, sent %,d, searchable %,d; heap %.0f MB, RSS %.0f MB%s",
                    sample.at(),
                    sample.offered(),
                    sample.sent(),
                    sample.indexed(),
                    sample.heapMb(),
                    sample.rssMb(),
                    sample.congested() ? ", congested" : "");
            if (!loading && loadEnded < 0) {
                for (Thread sender : senders) sender.join();
                loadEnded = now;
            }
            if (sample.indexed() != lastIndexed) {
                lastIndexed = sample.indexed();
                lastChange = now;
            }
            if (loadEnded >= 0 && sample.indexed() >= sent.get() && !sample.congested()) break;
            if (loadEnded >= 0 && now - lastChange > TimeUnit.SECONDS.toNanos(60)) {
                progress("nothing more searchable for 60 s; stopping");
                break;
            }
        }
        if (!failures.isEmpty()) throw new IllegalStateException("a CAT client failed", failures.getFirst());
        return samples;
    }

    /** One connection's share (every {@code connections}-th frame), paced to its part of the rate until the end. */
    private void send(List<byte[]> frames, int connection, long start, long end, AtomicLong sent) throws IOException {
        double perNano = (double) rate / connections / 1e9;
        try (Socket socket = new Socket("127.0.0.1", catPort);
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16))) {
            long mine = 0;
            int i = connection;
            while (i < frames.size()) {
                long now = System.nanoTime();
                if (now >= end) break;
                if (mine >= (long) ((now - start) * perNano)) { // ahead of the pace
                    out.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(500_000);
                    continue;
                }
                out.writeInt(frames.get(i).length);
                out.write(frames.get(i)); // blocks while the server does not read: backpressure
                mine++;
                sent.incrementAndGet();
                i += connections;
            }
            out.flush();
        }
    }

    private Sample sample(double at, long offered, long sent, Process server) {
        String metrics = "";
        boolean congested = false;
        try {
            metrics = get("http://127.0.0.1:" + serverPort + "/actuator/prometheus");
            congested =
                    get("http://127.0.0.1:" + serverPort + "/actuator/health").contains("\"congested\":true");
        } catch (Exception busy) {
            // a saturated server may answer late: the sample shows zeros
        }
        return new Sample(
                at,
                offered,
                sent,
                count(),
                sum(HEAP, metrics) / 1e6,
                rssMb(server),
                congested,
                (long) sum(PAUSES, metrics),
                (long) sum(IN_FLIGHT, metrics),
                (long) sum(DROPPED, metrics),
                (long) sum(PUBLISHED, metrics),
                (long) sum(WRITTEN, metrics));
    }

    private static double sum(Pattern pattern, String text) {
        double total = 0;
        for (Matcher m = pattern.matcher(text); m.find(); ) total += Double.parseDouble(m.group(1));
        return total;
    }

    private static double rssMb(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        } catch (IOException | NumberFormatException gone) {
            // not on Linux, or exited
        }
        return 0;
    }

    /** Requests searchable (one document each: the message id is the document id, so a re-delivery overwrites). */
    private long count() {
        try {
            return BenchServer.count(http, elasticsearch, "outrider-spans-*");
        } catch (Exception busy) {
            return 0;
        }
    }

    // ---- the report -------------------------------------------------------------------------------------------

    private String report(List<Sample> samples) throws Exception {
        Sample last = samples.getLast();
        long documents = last.indexed();
        // every request sent has its own message id, the document id: a document beyond those sent is a duplicate
        long duplicates = Math.max(0, documents - last.sent());
        // a record Kafka delivers twice (a rebalance, a retried bulk) is written twice, onto the same document
        long rewrites = Math.max(0, last.written() - last.published());
        double recovered = last.indexed() >= last.sent() ? last.at() - seconds : Double.NaN;
        double peakHeap = samples.stream().mapToDouble(Sample::heapMb).max().orElse(0);
        double peakRss = samples.stream().mapToDouble(Sample::rssMb).max().orElse(0);
        long congestedSeconds = samples.stream().filter(Sample::congested).count();
        long backlog =
                samples.stream().mapToLong(s -> s.sent() - s.indexed()).max().orElse(0);
        long peakInFlight = samples.stream().mapToLong(Sample::inFlight).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "| offered | sent by the clients | searchable | lost | duplicates | recovered after the load | peak heap"
                        + " (limit %s) | peak RSS | congested | read pauses | peak Kafka in-flight | peak backlog |%n",
                serverHeap));
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(
                Locale.ROOT,
                "| %,d req/s × %d s (%,d spans/s) | %,d req (%,.0f req/s) | %,d | %,d | %,d | %s | %.0f MB | %.0f MB"
                        + " | %d s | %,d | %,d | %,d req |%n",
                rate,
                seconds,
                spans(rate),
                last.sent(),
                last.sent() / (double) seconds,
                documents,
                Math.max(0, last.sent() - documents),
                duplicates,
                Double.isNaN(recovered) ? "not within 60 s of the last progress" : "%.0f s".formatted(recovered),
                peakHeap,
                peakRss,
                congestedSeconds,
                last.readPauses(),
                peakInFlight,
                backlog));
        out.append(String.format(
                Locale.ROOT,
                "%nTrees Kafka acknowledged: %,d; records the collector dropped: %,d; bulk writes of a span beyond its"
                        + " first (re-deliveries, onto the same document): %,d.%n",
                last.published(),
                last.dropped(),
                rewrites));
        out.append(
                "\n| s | offered | sent | searchable | heap MB | RSS MB | congested |\n|---:|---:|---:|---:|---:|---:|---|\n");
        for (Sample s : samples)
            if (Math.round(s.at()) % 10 == 0 || s == last)
                out.append(String.format(
                        Locale.ROOT,
                        "| %.0f | %,d | %,d | %,d | %.0f | %.0f | %s |%n",
                        s.at(),
                        s.offered(),
                        s.sent(),
                        s.indexed(),
                        s.heapMb(),
                        s.rssMb(),
                        s.congested() ? "yes" : ""));
        return out.toString();
    }

    /** Requests per second offered, sent and made searchable (left axis), and the server's heap (right axis). */
    static String svg(List<Sample> samples) {
        int width = 760;
        int height = 320;
        int left = 70;
        int right = 70;
        int top = 40;
        int bottom = 40;
        double maxT = samples.getLast().at();
        double maxRate = 1;
        double maxHeap = 1;
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double dt = b.at() - a.at();
            maxRate = Math.max(maxRate, Math.max((b.offered() - a.offered()) / dt, (b.sent() - a.sent()) / dt));
            maxRate = Math.max(maxRate, (b.indexed() - a.indexed()) / dt);
            maxHeap = Math.max(maxHeap, Math.max(b.heapMb(), b.rssMb()));
        }
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double rateScale = maxRate * 1.1;
        double heapScale = maxHeap * 1.1;
        StringBuilder svg = new StringBuilder();
        svg.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n"
                        .formatted(width, height));
        svg.append("<text x=\"10\" y=\"20\" font-weight=\"bold\">Overload drill: requests/s offered, read and"
                + " searchable (left); server memory, MB (right)</text>\n");
        svg.append("<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#ccc\"/>\n"
                .formatted(left, top, plotW, plotH));
        for (int tick = 0; tick <= 4; tick++) {
            double y = top + plotH - plotH * tick / 4;
            svg.append("<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">%,.0f</text>\n"
                    .formatted(left - 5, y + 4, rateScale * tick / 4));
            svg.append("<text x=\"%d\" y=\"%.0f\">%.0f</text>\n"
                    .formatted(width - right + 5, y + 4, heapScale * tick / 4));
        }
        for (int tick = 0; tick <= 5; tick++) {
            double x = left + plotW * tick / 5;
            svg.append("<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>\n"
                    .formatted(x, height - bottom + 16, maxT * tick / 5));
        }
        String[][] series = {
            {"offered", "#9e9e9e"},
            {"read by the server", "#1f77b4"},
            {"searchable", "#2ca02c"},
            {"heap", "#ff7f0e"},
            {"RSS", "#d62728"}
        };
        for (int k = 0; k < series.length; k++) {
            StringBuilder points = new StringBuilder();
            for (int i = 1; i < samples.size(); i++) {
                Sample a = samples.get(i - 1);
                Sample b = samples.get(i);
                double dt = b.at() - a.at();
                double value = switch (k) {
                    case 0 -> (b.offered() - a.offered()) / dt / rateScale;
                    case 1 -> (b.sent() - a.sent()) / dt / rateScale;
                    case 2 -> (b.indexed() - a.indexed()) / dt / rateScale;
                    case 3 -> b.heapMb() / heapScale;
                    default -> b.rssMb() / heapScale;
                };
                points.append(String.format(
                        Locale.ROOT, "%.1f,%.1f ", left + plotW * b.at() / maxT, top + plotH * (1 - value)));
            }
            svg.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>\n"
                    .formatted(
                            series[k][1],
                            k >= 3 ? " stroke-dasharray=\"4 3\"" : "",
                            points.toString().strip()));
            svg.append("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n"
                    .formatted(left + 10 + k * 130, height - 6, series[k][1], series[k][0]));
        }
        return svg.append("</svg>\n").toString();
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void progress(String format, Object... args) {
        System.err.println("drill-overload: " + String.format(Locale.ROOT, format, args));
    }
}
