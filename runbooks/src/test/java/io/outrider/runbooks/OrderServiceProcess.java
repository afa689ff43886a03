package io.outrider.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The logistics core's order-service in its own JVM, as the supervisor runs it, from the test classpath: the
 * runbooks' target in this module's tests and (through this module's test jar) in the server's.
 */
public final class OrderServiceProcess implements AutoCloseable {

    public static final String TOKEN = "runbooks-it-token";

    private final Process process;
    private final URI url;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private final String token;

    private OrderServiceProcess(Process process, URI url, Path log, String token) {
        this.token = token;
        this.process = process;
        this.url = url;
        this.log = log;
    }

    public static OrderServiceProcess start() throws Exception {
        return start(TOKEN);
    }

    /** One whose control API takes {@code token}; waits (up to 60 s) until it answers {@code /health}. */
    public static OrderServiceProcess start(String token) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path workDir = Files.createTempDirectory("runbooks-it");
        Path log = workDir.resolve("order.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.outrider.logistics.LogisticsService",
                        "--service=order",
                        "--base-port=" + (port - 1),
                        "--cat-servers=",
                        "--control-token=" + token,
                        "--work-dir=" + workDir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        OrderServiceProcess order =
                new OrderServiceProcess(process, URI.create("http://127.0.0.1:" + port + "/"), log, token);
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            assertThat(process.isAlive())
                    .as("order-service running; log %s", log)
                    .isTrue();
            try {
                if (order.get("/health") == 200) return order;
            } catch (java.io.IOException starting) {
                // not listening yet
            }
            assertThat(Instant.now())
                    .as("order-service up within 60 s; log %s", log)
                    .isBefore(deadline);
            Thread.sleep(200);
        }
    }

    public URI url() {
        return url;
    }

    public int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Status codes of a quick burst of requests to {@code /orders/open}. */
    public List<Integer> burst(int n) throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) codes.add(get("/orders/open?city=shanghai"));
        return codes;
    }

    public String audit() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(url.resolve("/control/audit"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
