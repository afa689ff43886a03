package io.outrider.server;

import io.outrider.infra.testing.SharedInfrastructure;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The logistics core's order-service in its own JVM, as the logistics supervisor runs it: the runbooks' target in
 * the server's tests. Its control API takes {@code token}.
 */
final class OrderServiceProcess implements AutoCloseable {

    private final Process process;
    private final URI url;

    private OrderServiceProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts one and waits (up to 60 s) until it answers {@code /health}; logs go to {@code name}/order.log. */
    static OrderServiceProcess start(String name, String token) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path workDir = Files.createDirectories(SharedInfrastructure.testHome().resolve(name));
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
                .redirectOutput(workDir.resolve("order.log").toFile())
                .start();
        OrderServiceProcess order = new OrderServiceProcess(process, URI.create("http://127.0.0.1:" + port + "/"));
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(order.url.resolve("/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) return order;
            } catch (java.io.IOException starting) {
                // not yet
            }
            Thread.sleep(200);
        }
        order.close();
        throw new AssertionError("order-service did not start; see " + workDir.resolve("order.log"));
    }

    URI url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
