package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's further instances, with a stand-in program (a shell that sleeps) in place of the server. */
class DemoInstancesTest {

    @Test
    void aKilledInstanceIsStartedAgainAndCloseStopsIt(@TempDir Path home) throws Exception {
        StringWriter log = new StringWriter();
        // "sh -c 'sleep 120' sh server --port=…": the instance's arguments become the script's, which ignores them
        try (DemoInstances instances =
                new DemoInstances(home, List.of("sh", "-c", "sleep 120", "sh"), List.of(), new PrintWriter(log))) {
            instances.start(2, 18081);
            long first = pid(home);
            assertThat(ProcessHandle.of(first)).isPresent();
            assertThat(log.toString()).contains("Instance 2:  http://127.0.0.1:18081/", "pid " + first);

            assertThat(DemoInstances.kill(home, 2)).isEqualTo("instance 2 (pid " + first + ") killed with SIGKILL");
            Instant until = Instant.now().plus(DemoInstances.RESTART_AFTER).plusSeconds(10);
            while (pid(home) == first && Instant.now().isBefore(until)) Thread.sleep(100);
            long second = pid(home);
            assertThat(second).as("started again under a new pid").isNotEqualTo(first);
            assertThat(ProcessHandle.of(second).filter(ProcessHandle::isAlive)).isPresent();
            assertThat(log.toString()).contains("Instance 2 (pid " + first + ") ended", "started again (pid " + second);

            instances.close();
            Optional<ProcessHandle> left = ProcessHandle.of(second);
            if (left.isPresent()) left.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(DemoInstances.RESTART_AFTER.plus(Duration.ofSeconds(1)));
            assertThat(pid(home)).as("not started again after close").isEqualTo(second);
        }
    }

    @Test
    void killingAnInstanceThatWasNeverStartedSaysHowToStartIt(@TempDir Path home) throws IOException {
        assertThatThrownBy(() -> DemoInstances.kill(home, 2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("start the demo with --instances 2");
        Files.createDirectories(home.resolve("instance-2"));
        Files.writeString(home.resolve("instance-2").resolve("server.pid"), "999999999");
        assertThatThrownBy(() -> DemoInstances.kill(home, 2))
                .isInstanceOf(IOException.class)
                .hasMessage("instance 2 (pid 999999999) is not running");
    }

    private static long pid(Path home) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("instance-2").resolve("server.pid"))
                .trim());
    }
}
