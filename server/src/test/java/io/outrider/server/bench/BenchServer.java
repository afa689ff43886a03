package io.outrider.server.bench;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the harnesses that run the packaged {@code outrider server} share: their options, starting it (embedded
 * Kafka, a given Elasticsearch, CAT on a free port), waiting for a process to be up, stopping it, and counting
 * documents.
 */
final class BenchServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BenchServer() {}

    /** The options of a harness that runs the server (a picocli mixin). */
    static final class Options {
        @Option(names = "--server-jar", required = true)
        Path serverJar;

        @Option(names = "--work", required = true, description = "scratch directory (Elasticsearch data, logs)")
        Path work;

        @Option(names = "--es-heap", defaultValue = "1g")
        String esHeap;

        @Option(names = "--server-arg", description = "a setting for outrider server, e.g. --server-arg=--name=value")
        List<String> serverArgs = new ArrayList<>();
    }

    /** A started server: its process and ports. */
    record Started(Process process, int port, int catPort) {
        URI health() {
            return URI.create("http://127.0.0.1:" + port + "/actuator/health");
        }
    }

    /**
     * Starts {@code outrider server} on free ports, writing to {@code elasticsearch}, its home and its log
     * ({@code outrider.log}) in the work directory; {@code jvmOptions} go before {@code -jar}.
     */
    static Started start(Options options, URI elasticsearch, List<String> jvmOptions) throws IOException {
        int port = freePort();
        int catPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBin(), "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                options.serverJar.toString(),
                "server",
                "--port=" + port,
                "--home=" + options.work.resolve("outrider-home"),
                "--elasticsearch=" + elasticsearch,
                "--outrider.collector.cat.port=" + catPort,
                "--outrider.collector.otlp.port=0"));
        command.addAll(options.serverArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(options.work.resolve("outrider.log").toFile())
                .start();
        return new Started(process, port, catPort);
    }

    /** Waits (up to 180 s) until {@code health} answers UP; says where the log ({@code what}.log) is otherwise. */
    static void awaitUp(HttpClient http, String what, URI health, Process process, Path work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String lastHealth = "none";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(what + " exited; see the logs in " + work);
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) return;
                lastHealth = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(what + " not up within 180 s (health: " + lastHealth + "); see the logs in "
                + work + "; last lines:\n"
                + tail(work.resolve(what.toLowerCase(Locale.ROOT) + ".log")));
    }

    /** Documents in {@code index} (a pattern), after a refresh; 0 while it does not exist. */
    static long count(HttpClient http, URI elasticsearch, String index) throws Exception {
        http.send(
                HttpRequest.newBuilder(elasticsearch.resolve(
                                "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(elasticsearch.resolve(
                                "/" + index + "/_count?ignore_unavailable=true&allow_no_indices=true"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) return 0;
        return JSON.readTree(response.body()).path("count").asLong(0);
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
