package io.outrider.infra.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.Versions;
import io.outrider.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node of its own (not the shared one): started, checked, stopped, and nothing of it left. */
class EmbeddedElasticsearchLifecycleIT {

    @Test
    void runsUnprivilegedWhenRootAndLeavesNoProcessBehind() throws IOException {
        Path base = EmbeddedElasticsearchSettings.reachable(
                SharedInfrastructure.testHome().resolve("lifecycle-it"));
        EmbeddedElasticsearchSettings defaults = EmbeddedElasticsearchSettings.inDirectory(base);
        EmbeddedElasticsearchSettings settings = new EmbeddedElasticsearchSettings(
                SharedInfrastructure.elasticsearchDir().resolve("dist"), // unpacked once for the whole run
                base.resolve("node"),
                defaults.javaHome(),
                "256m",
                0,
                0,
                defaults.startTimeout(),
                defaults.minFreeDiskBytes());
        ElasticsearchDistribution distribution =
                ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null);

        List<ProcessHandle> processes;
        try (EmbeddedElasticsearch node = EmbeddedElasticsearch.startAndAwait(settings, distribution)) {
            processes = node.processes();
            assertThat(processes).hasSizeGreaterThanOrEqualTo(2); // the launcher and the server JVM
            assertThat(processes).allMatch(ProcessHandle::isAlive);
            assertThat(node.uri().getHost()).isEqualTo("127.0.0.1");
            if (UnprivilegedAccount.runningAsRoot()) {
                for (ProcessHandle p : processes)
                    assertThat(uidOf(p)).as("uid of pid %d", p.pid()).isEqualTo(65534);
            }
        }

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(base.resolve("node/outrider-elasticsearch.pid")).doesNotExist();
    }

    private static int uidOf(ProcessHandle process) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
        String uidLine =
                status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        return Integer.parseInt(uidLine.split("\\s+")[1]);
    }
}
