package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * The packaged {@code outrider server} as an operator runs it: zero configuration, health UP with Elasticsearch and
 * Kafka, then SIGTERM, after which no process of it is left.
 */
class ServerProcessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void zeroConfigServerIsHealthyAndLeavesNothingBehindOnSigterm() throws Exception {
        Path home = SharedInfrastructure.testHome().resolve("process-it-home");
        Path log = SharedInfrastructure.testHome().resolve("process-it.log");
        Files.createDirectories(home);
        int port = freePort();
        Process server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target", "outrider-server.jar")
                                .toAbsolutePath()
                                .toString(),
                        "server",
                        "--port=" + port,
                        "--home=" + home,
                        "--outrider.elasticsearch.embedded.heap=512m",
                        "--outrider.collector.cat.port=0",
                        "--outrider.collector.otlp.port=0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            JsonNode health = awaitHealthUp(port, server, log, Duration.ofSeconds(150));
            assertThat(health.at("/components/elasticsearch/status").asString()).isEqualTo("UP");
            assertThat(health.at("/components/kafka/status").asString()).isEqualTo("UP");
            String kafkaAddress =
                    health.at("/components/kafka/details/bootstrapServers").asString();
            assertThat(kafkaAddress).startsWith("127.0.0.1:");
            int kafkaPort = Integer.parseInt(kafkaAddress.substring("127.0.0.1:".length()));

            List<ProcessHandle> tree = server.toHandle().descendants().toList();
            assertThat(tree).as("the Elasticsearch launcher and server JVM").hasSizeGreaterThanOrEqualTo(2);
            if (runningAsRoot()) {
                for (ProcessHandle p : tree)
                    assertThat(uidOf(p))
                            .as("uid of Elasticsearch pid %d", p.pid())
                            .isEqualTo(65534);
            }

            server.destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS))
                    .as("server stopped within 60 s; see %s", log)
                    .isTrue();
            for (ProcessHandle p : tree) p.onExit().get(30, TimeUnit.SECONDS);
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
            assertThat(listening(kafkaPort))
                    .as("embedded Kafka port %d closed", kafkaPort)
                    .isFalse();
            assertThat(listening(port)).isFalse();
        } finally {
            server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
    }

    private static JsonNode awaitHealthUp(int port, Process server, Path log, Duration timeout) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "(no answer)";
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive())
                    .as("server exited early; see %s:%n%s", log, Files.readString(log))
                    .isTrue();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.body();
                JsonNode health = JSON.readTree(last);
                if (response.statusCode() == 200
                        && health.path("status").asString("").equals("UP")) return health;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("health not UP within " + timeout + ": " + last + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static int uidOf(ProcessHandle process) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
        return Integer.parseInt(status.lines()
                .filter(l -> l.startsWith("Uid:"))
                .findFirst()
                .orElseThrow()
                .split("\\s+")[1]);
    }
}
