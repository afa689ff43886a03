package io.outrider.infra.elasticsearch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Elasticsearch run as a child process, for the zero-config mode and for tests.
 *
 * <p>The node listens on 127.0.0.1 only, with security off. When Outrider runs as root it runs under the
 * unprivileged uid 65534, since Elasticsearch refuses root. It is launched through {@code setpriv --pdeathsig},
 * from a thread that lives as long as the node, so that the node is told to stop even when this JVM is killed.
 * {@link #close()} stops it and waits until no process of it is left.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final int MIN_JAVA = 17;
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final EmbeddedElasticsearchSettings settings;
    private final ElasticsearchDistribution distribution;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private @Nullable Process process;
    private @Nullable URI uri;
    private boolean ready;

    public EmbeddedElasticsearch(EmbeddedElasticsearchSettings settings, ElasticsearchDistribution distribution) {
        this.settings = settings;
        this.distribution = distribution;
    }

    /** Starts the node and waits until the cluster is healthy. */
    public static EmbeddedElasticsearch startAndAwait(
            EmbeddedElasticsearchSettings settings, ElasticsearchDistribution distribution) {
        EmbeddedElasticsearch node = new EmbeddedElasticsearch(settings, distribution);
        try {
            node.start();
            node.awaitReady();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Prepares the node and launches its process without waiting for it; see {@link #awaitReady()}. */
    public synchronized void start() {
        if (process != null) throw new IllegalStateException("already started: " + uri);
        checkJava();
        Path home = distribution.unpackInto(settings.distributionsDir(), settings.minFreeDiskBytes());
        Path nodeDir = settings.nodeDir().toAbsolutePath();
        boolean asRoot = UnprivilegedAccount.runningAsRoot();
        if (asRoot) checkReachable(home, nodeDir, settings.javaHome());
        stopLeftoverOf(nodeDir);
        int httpPort = portOrFree("http", settings.httpPort());
        int transportPort = portOrFree("transport", settings.transportPort());
        Path logFile = nodeDir.resolve("logs/console.log");
        writeConfig(home, nodeDir, httpPort, transportPort);
        if (asRoot) UnprivilegedAccount.NOBODY.takeOwnership(nodeDir);

        ProcessBuilder builder = new ProcessBuilder(command(home, asRoot))
                .directory(nodeDir.resolve("logs").toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        Stream.of(
                        "JAVA_TOOL_OPTIONS",
                        "JDK_JAVA_OPTIONS",
                        "_JAVA_OPTIONS",
                        "JAVA_OPTS",
                        "ES_JAVA_OPTS",
                        "CLI_JAVA_OPTS",
                        "ES_HOME")
                .forEach(env::remove);
        env.put("ES_JAVA_HOME", settings.javaHome().toString());
        env.put("ES_PATH_CONF", nodeDir.resolve("config").toString());
        env.put("ES_TMPDIR", nodeDir.resolve("tmp").toString());
        env.put("HOME", nodeDir.toString());

        log.info(
                "Starting embedded Elasticsearch {} on 127.0.0.1:{}{} (log: {})",
                distribution.version(),
                httpPort,
                asRoot ? " as uid 65534" : "",
                logFile);
        this.process = launchFromSupervisorThread(builder, logFile);
        this.uri = URI.create("http://127.0.0.1:" + httpPort);
        writePidFile(nodeDir, process.pid());
    }

    /** Waits until the node answers cluster health with yellow or green; fails with the log's last lines if it dies. */
    public void awaitReady() {
        Process running = requireStarted();
        if (ready) return;
        Instant deadline = Instant.now().plus(settings.startTimeout());
        HttpRequest health = HttpRequest.newBuilder(uri().resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!running.isAlive()) {
                throw failure("Embedded Elasticsearch exited during start with code " + running.exitValue() + ".");
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    ready = true;
                    log.info("Embedded Elasticsearch is ready at {}", uri);
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedElasticsearchException("interrupted while waiting for Elasticsearch", logFile(), e);
            }
            sleep(Duration.ofMillis(250));
        }
        close();
        throw failure("Embedded Elasticsearch did not report a healthy cluster within "
                + settings.startTimeout().toSeconds()
                + " s and was stopped. Raise outrider.elasticsearch.embedded.start-timeout on a slow machine.");
    }

    /** The node's HTTP address. */
    public URI uri() {
        requireStarted();
        return java.util.Objects.requireNonNull(uri);
    }

    /** The launcher process and its descendants (the Elasticsearch server JVM), as they are now. */
    public List<ProcessHandle> processes() {
        Process running = process;
        if (running == null) return List.of();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(running.toHandle());
        running.toHandle().descendants().forEach(all::add);
        return all;
    }

    /** The file that receives the node's console output. */
    public Path logFile() {
        return settings.nodeDir().toAbsolutePath().resolve("logs/console.log");
    }

    /** Stops the node: SIGTERM, then after a grace period SIGKILL to whatever is left. Idempotent. */
    @Override
    public synchronized void close() {
        Process running = process;
        if (running == null) return;
        List<ProcessHandle> tree = processes();
        if (running.isAlive()) {
            log.info("Stopping embedded Elasticsearch (pid {})", running.pid());
            running.destroy();
        }
        awaitExit(tree, STOP_GRACE);
        tree.stream().filter(ProcessHandle::isAlive).forEach(p -> {
            log.warn("Elasticsearch process {} did not stop within {} s; killing it", p.pid(), STOP_GRACE.toSeconds());
            p.destroyForcibly();
        });
        awaitExit(tree, Duration.ofSeconds(10));
        try {
            Files.deleteIfExists(pidFile(settings.nodeDir().toAbsolutePath()));
        } catch (IOException e) {
            log.debug("cannot delete pid file", e);
        }
        process = null;
        ready = false;
    }

    private Process requireStarted() {
        Process running = process;
        if (running == null) throw new IllegalStateException("embedded Elasticsearch is not started");
        return running;
    }

    private void checkJava() {
        Path java = settings.javaHome().resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new EmbeddedElasticsearchException(
                    "No usable Java for Elasticsearch: " + java + " does not exist or is not executable. "
                            + "Set outrider.elasticsearch.embedded.java-home to a JDK " + MIN_JAVA + " or newer.",
                    null);
        }
        int version = javaFeatureVersion(settings.javaHome()).orElse(0);
        if (version < MIN_JAVA) {
            throw new EmbeddedElasticsearchException(
                    "No usable Java for Elasticsearch: " + settings.javaHome() + " is "
                            + (version == 0 ? "of unknown version" : "Java " + version) + ", Elasticsearch needs Java "
                            + MIN_JAVA + " or newer. Set outrider.elasticsearch.embedded.java-home.",
                    null);
        }
    }

    static Optional<Integer> javaFeatureVersion(Path javaHome) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(javaHome.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void checkReachable(Path... paths) {
        for (Path path : paths) {
            UnprivilegedAccount.NOBODY.firstBlockingDirectory(path.resolve("x")).ifPresent(blocking -> {
                throw new EmbeddedElasticsearchException(
                        "Outrider runs as root, so Elasticsearch runs as uid 65534, which cannot enter " + blocking
                                + " on the way to " + path
                                + ". Point outrider.home (or outrider.elasticsearch.embedded.dir) at a directory others may traverse, e.g. /var/lib/outrider.",
                        null);
            });
        }
    }

    private static int portOrFree(String name, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException(
                    "The " + name + " port " + port + " on 127.0.0.1 is taken (" + e.getMessage() + "). "
                            + "Stop what uses it, or set outrider.elasticsearch.embedded." + name
                            + "-port to another port or to 0 for a free one.",
                    null,
                    e);
        }
    }

    private void writeConfig(Path home, Path nodeDir, int httpPort, int transportPort) {
        try {
            for (String dir : List.of("config/jvm.options.d", "data", "logs", "tmp")) {
                Files.createDirectories(nodeDir.resolve(dir));
            }
            try (Stream<Path> files = Files.list(home.resolve("config"))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Files.copy(
                            file,
                            nodeDir.resolve("config").resolve(file.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String yml = String.join(
                    "\n",
                    "# Written by Outrider at every start of the embedded node; edits are lost.",
                    "cluster.name: outrider-embedded",
                    "node.name: outrider-embedded",
                    "discovery.type: single-node",
                    "network.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.port: " + transportPort,
                    "path.data: " + nodeDir.resolve("data"),
                    "path.logs: " + nodeDir.resolve("logs"),
                    "xpack.security.enabled: false",
                    "action.destructive_requires_name: true",
                    // a development node shares its disk with everything else: keep writing until it is really full
                    "cluster.routing.allocation.disk.watermark.low: 1gb",
                    "cluster.routing.allocation.disk.watermark.high: 512mb",
                    "cluster.routing.allocation.disk.watermark.flood_stage: 256mb",
                    "");
            Files.writeString(nodeDir.resolve("config/elasticsearch.yml"), yml);
            Files.writeString(
                    nodeDir.resolve("config/jvm.options.d/heap.options"),
                    "-Xms" + settings.heap() + "\n-Xmx" + settings.heap() + "\n");
            Files.writeString(
                    nodeDir.resolve("logs/console.log"),
                    "=== Outrider starts Elasticsearch at " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException(
                    "Cannot write the node's configuration under " + nodeDir + ": " + e.getMessage()
                            + ". Check that the disk has room and the directory is writable.",
                    null,
                    e);
        }
    }

    private static List<String> command(Path home, boolean asRoot) {
        String elasticsearch = home.resolve("bin/elasticsearch").toString();
        Optional<Path> setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
        if (setpriv.isEmpty()) {
            if (asRoot) {
                throw new EmbeddedElasticsearchException(
                        "Running as root needs setpriv (package util-linux) to start Elasticsearch as an unprivileged user. Install it, or run Outrider as a normal user.",
                        null);
            }
            return List.of(elasticsearch);
        }
        List<String> command = new ArrayList<>(List.of(setpriv.get().toString(), "--pdeathsig", "TERM"));
        if (asRoot) {
            UnprivilegedAccount account = UnprivilegedAccount.NOBODY;
            command.addAll(List.of("--reuid=" + account.uid(), "--regid=" + account.gid(), "--clear-groups"));
        }
        command.add(elasticsearch);
        return command;
    }

    /**
     * Starts the process from a dedicated thread that waits for it: the kernel's parent-death signal fires when the
     * thread that forked the child ends, so that thread must live as long as the node.
     */
    private Process launchFromSupervisorThread(ProcessBuilder builder, Path logFile) {
        CompletableFuture<Process> launched = new CompletableFuture<>();
        Thread.ofPlatform().name("embedded-elasticsearch").daemon(true).start(() -> {
            try {
                Process child = builder.start();
                launched.complete(child);
                child.waitFor();
            } catch (IOException | RuntimeException e) {
                launched.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            return launched.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EmbeddedElasticsearchException(
                    "Cannot launch Elasticsearch: " + cause.getMessage(), logFile, cause);
        } catch (Exception e) {
            throw new EmbeddedElasticsearchException("Cannot launch Elasticsearch: " + e, logFile, e);
        }
    }

    private static Path pidFile(Path nodeDir) {
        return nodeDir.resolve("outrider-elasticsearch.pid");
    }

    private static void writePidFile(Path nodeDir, long pid) {
        try {
            Files.writeString(pidFile(nodeDir), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node left running by a JVM that died without stopping it would hold the data directory's lock. */
    private static void stopLeftoverOf(Path nodeDir) {
        Path pidFile = pidFile(nodeDir);
        if (!Files.exists(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().commandLine().orElse("").contains("elasticsearch"))
                    .ifPresent(leftover -> {
                        log.warn("Stopping Elasticsearch (pid {}) left behind by an earlier run in {}", pid, nodeDir);
                        List<ProcessHandle> tree =
                                new ArrayList<>(leftover.descendants().toList());
                        tree.add(leftover);
                        leftover.destroy();
                        awaitExit(tree, STOP_GRACE);
                        tree.forEach(ProcessHandle::destroyForcibly);
                        awaitExit(tree, Duration.ofSeconds(10));
                    });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            log.warn("Ignoring unreadable pid file {}: {}", pidFile, e.toString());
        }
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (ProcessHandle p : processes) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) return;
            try {
                p.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // checked again by the caller
            }
        }
    }

    private EmbeddedElasticsearchException failure(String what) {
        Path logFile = logFile();
        return new EmbeddedElasticsearchException(
                what + " Last lines of " + logFile + ":\n" + tail(logFile, 25) + "\nThe node's own logs are in "
                        + logFile.getParent() + ".",
                logFile);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedElasticsearchException("interrupted while waiting for Elasticsearch", null, e);
        }
    }
}
