package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged {@code outrider logistics} as a person runs it: five service JVMs launched from the same jar, traffic
 * flowing into order intake, and after SIGTERM no process of the group left.
 */
class LogisticsProcessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void packagedLogisticsCoreRunsTrafficAndStopsCompletely() throws Exception {
        Path workDir = SharedInfrastructure.testHome().resolve("logistics-process-it");
        Files.createDirectories(workDir);
        Path log = workDir.resolve("group.log");
        int base = freeBasePort();
        Process group = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target", "outrider-server.jar")
                                .toAbsolutePath()
                                .toString(),
                        "logistics",
                        "--base-port=" + base,
                        "--rate=10",
                        "--cat-servers=",
                        "--work-dir=" + workDir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            JsonNode services = awaitJson(http, "http://127.0.0.1:" + base + "/services", group, log);
            assertThat(services).hasSize(5);
            services.forEach(
                    s -> assertThat(s.path("state").asString()).as(s.toString()).isEqualTo("running"));
            List<ProcessHandle> tree = group.toHandle().descendants().toList();
            assertThat(tree).hasSize(5);

            Instant deadline = Instant.now().plusSeconds(30);
            String metrics = "";
            while (Instant.now().isBefore(deadline)
                    && !metrics.contains("logistics_orders_created_total{city=\"shanghai\"}")) {
                metrics = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (base + 1) + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Thread.sleep(500);
            }
            assertThat(metrics).contains("logistics_orders_created_total{city=\"shanghai\"}");

            group.destroy(); // SIGTERM
            assertThat(group.waitFor(30, TimeUnit.SECONDS))
                    .as("group stopped; see %s", log)
                    .isTrue();
            for (ProcessHandle p : tree) p.onExit().get(15, TimeUnit.SECONDS);
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
        } finally {
            group.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            group.destroyForcibly();
        }
    }

    private static JsonNode awaitJson(HttpClient http, String url, Process group, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertThat(group.isAlive())
                    .as("the group exited early; see %s:%n%s", log, Files.readString(log))
                    .isTrue();
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) return JSON.readTree(response.body());
            } catch (IOException starting) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no answer from " + url + " within 90 s; see " + log);
    }

    /** A base port whose next five ports are free too (the logistics group listens on base..base+5). */
    static int freeBasePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + (int) (Math.random() * 20000);
            boolean free = true;
            for (int p = base; p <= base + 5 && free; p++) {
                try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    // free
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IOException("no six free consecutive ports found");
    }
}
