package io.outrider.infra.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way the embedded node can fail to start ends in an {@link EmbeddedElasticsearchException} that says what to
 * do. The distribution here is a stand-in whose {@code bin/elasticsearch} exits at once, so these run in
 * milliseconds; the real node is exercised by the integration tests.
 */
class EmbeddedElasticsearchFailuresTest {

    private static final String VERSION = "0.0.0-test";
    private Path base;
    private ElasticsearchDistribution distribution;

    @BeforeEach
    void standInDistribution() throws IOException {
        // not under @TempDir (private): as root the node runs as uid 65534, which must reach it
        base = EmbeddedElasticsearchSettings.reachable(
                Path.of("target", "failure-tests", UUID.randomUUID().toString()));
        Path home = base.resolve("dist/elasticsearch-" + VERSION);
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/jvm.options"), "-XX:+UseG1GC\n");
        Path script = home.resolve("bin/elasticsearch");
        Files.writeString(script, "#!/bin/sh\necho 'java.net.BindException: Address already in use'\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path dir = home; !dir.equals(base.getParent()); dir = dir.getParent()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path zip = Files.createFile(base.resolve("elasticsearch-" + VERSION + ".zip"));
        distribution = ElasticsearchDistribution.locate(VERSION, zip);
    }

    private EmbeddedElasticsearchSettings settings() {
        return EmbeddedElasticsearchSettings.inDirectory(base);
    }

    @Test
    void earlyExitIsReportedWithTheLogTail() {
        EmbeddedElasticsearch node = new EmbeddedElasticsearch(settings(), distribution);
        node.start();

        assertThatThrownBy(node::awaitReady)
                .isInstanceOf(EmbeddedElasticsearchException.class)
                .hasMessageContaining("exited during start with code 3")
                .hasMessageContaining("java.net.BindException: Address already in use")
                .hasMessageContaining(node.logFile().toString())
                .satisfies(e -> assertThat(((EmbeddedElasticsearchException) e).logFile())
                        .isEqualTo(node.logFile()));
        node.close();
        assertThat(node.processes()).isEmpty();
    }

    @Test
    void missingJavaIsReportedWithTheSettingToChange() {
        EmbeddedElasticsearchSettings settings = settings().withJavaHome(base.resolve("no-such-jdk"));

        assertThatThrownBy(() -> new EmbeddedElasticsearch(settings, distribution).start())
                .hasMessageContaining("No usable Java for Elasticsearch")
                .hasMessageContaining("outrider.elasticsearch.embedded.java-home");
    }

    @Test
    void javaOlderThan17IsRefused() throws IOException {
        Path oldJdk = base.resolve("jdk8");
        Files.createDirectories(oldJdk.resolve("bin"));
        Files.copy(Path.of(System.getProperty("java.home"), "bin/java"), oldJdk.resolve("bin/java"));
        Files.writeString(oldJdk.resolve("release"), "JAVA_VERSION=\"1.8.0_402\"\n");

        assertThatThrownBy(() -> new EmbeddedElasticsearch(settings().withJavaHome(oldJdk), distribution).start())
                .hasMessageContaining("is Java 1, Elasticsearch needs Java 17 or newer");
    }

    @Test
    void takenPortIsReportedWithTheSettingToChange() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedElasticsearchSettings settings = settings().withPorts(taken.getLocalPort(), 0);

            assertThatThrownBy(() -> new EmbeddedElasticsearch(settings, distribution).start())
                    .hasMessageContaining("The http port " + taken.getLocalPort() + " on 127.0.0.1 is taken")
                    .hasMessageContaining("outrider.elasticsearch.embedded.http-port");
        }
    }

    @Test
    void fullDiskIsReportedBeforeUnpacking() throws IOException {
        Path zip = Files.createFile(base.resolve("elasticsearch-9.9.9.zip"));
        ElasticsearchDistribution notUnpacked = ElasticsearchDistribution.locate("9.9.9", zip);
        EmbeddedElasticsearchSettings settings = settings().withMinFreeDiskBytes(Long.MAX_VALUE);

        assertThatThrownBy(() -> new EmbeddedElasticsearch(settings, notUnpacked).start())
                .hasMessageContaining("Not enough free disk under " + base.resolve("dist"))
                .hasMessageContaining("MB free");
    }

    @Test
    void missingDistributionSaysHowToGetIt() {
        assertThatThrownBy(() -> ElasticsearchDistribution.locate("1.2.3", base.resolve("nothing.zip")))
                .hasMessageContaining("The Elasticsearch 1.2.3 distribution is not at")
                .hasMessageContaining("./mvnw")
                .hasMessageContaining("outrider.elasticsearch.uris");
    }

    @Test
    void settingsNameTheBadValue() {
        assertThatThrownBy(() -> settings().withHeap("lots"))
                .hasMessage("heap is not a JVM size like 512m or 1g: lots");
        assertThatThrownBy(() -> settings().withPorts(70000, 0)).hasMessage("httpPort not in 0..65535: 70000");
    }
}
