package io.outrider.infra.elasticsearch.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run the embedded Elasticsearch node.
 *
 * @param distributionsDir where distributions are unpacked (once, shared by nodes)
 * @param nodeDir the node's own config, data and logs
 * @param javaHome the Java (17 or newer) that runs Elasticsearch
 * @param heap the heap size, e.g. {@code 512m}
 * @param httpPort 0 for a free port
 * @param transportPort 0 for a free port
 * @param startTimeout how long to wait for the node to report a healthy cluster
 * @param minFreeDiskBytes free disk required before unpacking or starting
 */
public record EmbeddedElasticsearchSettings(
        Path distributionsDir,
        Path nodeDir,
        Path javaHome,
        String heap,
        int httpPort,
        int transportPort,
        Duration startTimeout,
        long minFreeDiskBytes) {

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]");
    /** Where a node goes when Outrider runs as root and its home is out of reach of the unprivileged uid. */
    static final Path ROOT_FALLBACK_BASE = Path.of("/var/lib/outrider");

    public EmbeddedElasticsearchSettings {
        Objects.requireNonNull(distributionsDir, "distributionsDir");
        Objects.requireNonNull(nodeDir, "nodeDir");
        Objects.requireNonNull(javaHome, "javaHome");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("heap is not a JVM size like 512m or 1g: " + heap);
        }
        checkPort("httpPort", httpPort);
        checkPort("transportPort", transportPort);
        if (startTimeout.isNegative() || startTimeout.isZero())
            throw new IllegalArgumentException("startTimeout <= 0: " + startTimeout);
        if (minFreeDiskBytes < 0) throw new IllegalArgumentException("minFreeDiskBytes < 0: " + minFreeDiskBytes);
    }

    /** Defaults under an Outrider home: {@link #inDirectory} {@code HOME/elasticsearch}, made {@link #reachable}. */
    public static EmbeddedElasticsearchSettings underHome(Path home) {
        return inDirectory(reachable(home.resolve("elasticsearch")));
    }

    /**
     * {@code dir} itself, unless Outrider runs as root and the unprivileged uid that runs Elasticsearch could not
     * reach it (e.g. under a private {@code /root}): then the same path under {@code /var/lib/outrider}, e.g.
     * {@code /var/lib/outrider/root/.outrider/elasticsearch}.
     */
    public static Path reachable(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!UnprivilegedAccount.runningAsRoot()
                || UnprivilegedAccount.NOBODY.firstBlockingDirectory(absolute).isEmpty()) {
            return absolute;
        }
        Path moved = ROOT_FALLBACK_BASE.resolve(absolute.getRoot().relativize(absolute));
        org.slf4j.LoggerFactory.getLogger(EmbeddedElasticsearchSettings.class)
                .info(
                        "Running as root and uid 65534 cannot reach {}: the embedded Elasticsearch lives in {}",
                        absolute,
                        moved);
        return moved;
    }

    /**
     * Defaults in {@code base}: distributions in {@code base/dist}, the node in {@code base/node}, the running JVM's
     * Java, 512 MB of heap, free ports, two minutes to start, 512 MB of free disk required.
     */
    public static EmbeddedElasticsearchSettings inDirectory(Path base) {
        return new EmbeddedElasticsearchSettings(
                base.resolve("dist"),
                base.resolve("node"),
                Path.of(System.getProperty("java.home")),
                "512m",
                0,
                0,
                Duration.ofSeconds(120),
                512L * 1024 * 1024);
    }

    public EmbeddedElasticsearchSettings withJavaHome(Path home) {
        return new EmbeddedElasticsearchSettings(
                distributionsDir, nodeDir, home, heap, httpPort, transportPort, startTimeout, minFreeDiskBytes);
    }

    public EmbeddedElasticsearchSettings withHeap(String size) {
        return new EmbeddedElasticsearchSettings(
                distributionsDir, nodeDir, javaHome, size, httpPort, transportPort, startTimeout, minFreeDiskBytes);
    }

    public EmbeddedElasticsearchSettings withPorts(int http, int transport) {
        return new EmbeddedElasticsearchSettings(
                distributionsDir, nodeDir, javaHome, heap, http, transport, startTimeout, minFreeDiskBytes);
    }

    public EmbeddedElasticsearchSettings withStartTimeout(Duration timeout) {
        return new EmbeddedElasticsearchSettings(
                distributionsDir, nodeDir, javaHome, heap, httpPort, transportPort, timeout, minFreeDiskBytes);
    }

    public EmbeddedElasticsearchSettings withMinFreeDiskBytes(long bytes) {
        return new EmbeddedElasticsearchSettings(
                distributionsDir, nodeDir, javaHome, heap, httpPort, transportPort, startTimeout, bytes);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException(name + " not in 0..65535: " + port);
    }
}
