package io.outrider.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The further server instances of {@code outrider demo --instances N}: each a process of this same program
 * ({@code outrider server}) on the demo's Elasticsearch and Kafka, with a home, HTTP port and CAT port of its own, so
 * that they share the work as separate machines would (docs/operations.md, "Scaling out"). One that dies is started
 * again after {@link #RESTART_AFTER}, as a service manager would; its process id is in
 * {@code <home>/instance-<n>/server.pid}, where {@code outrider drill --kill-instance-after} finds it.
 */
final class DemoInstances implements AutoCloseable {

    static final Duration RESTART_AFTER = Duration.ofSeconds(5);

    private final Path home;
    private final List<String> launcher;
    private final List<String> settings;
    private final PrintWriter out;
    private final List<Process> running = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param launcher the command that runs this program ({@code java … -jar outrider-server.jar})
     * @param settings the settings every instance shares: the Elasticsearch and Kafka addresses, users, targets
     */
    DemoInstances(Path home, List<String> launcher, List<String> settings, PrintWriter out) {
        this.home = home;
        this.launcher = List.copyOf(launcher);
        this.settings = List.copyOf(settings);
        this.out = out;
    }

    /** Starts instance {@code n} (2, 3, …) on {@code port}, and keeps it running until {@link #close()}. */
    void start(int n, int port) throws IOException {
        Path dir = home.resolve("instance-" + n);
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                "server",
                "--port=" + port,
                "--home=" + dir.toAbsolutePath(),
                "--outrider.kafka.client-id-prefix=instance-" + n,
                "--outrider.collector.cat.port=" + freePort(),
                "--outrider.collector.otlp.port=0"));
        command.addAll(settings);
        Process first = launch(command, dir);
        out.printf("  Instance %d:  http://127.0.0.1:%d/  (pid %d, log %s)%n", n, port, first.pid(), log(dir));
        out.flush();
        Thread.ofPlatform().daemon().name("demo-instance-" + n).start(() -> {
            Process process = first;
            while (true) {
                try {
                    int exit = process.waitFor();
                    running.remove(process);
                    if (closed) return;
                    out.printf(
                            "Instance %d (pid %d) ended (exit %d); starting it again in %d s%n",
                            n, process.pid(), exit, RESTART_AFTER.toSeconds());
                    out.flush();
                    Thread.sleep(RESTART_AFTER);
                    if (closed) return;
                    process = launch(command, dir);
                    out.printf("Instance %d started again (pid %d)%n", n, process.pid());
                    out.flush();
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    out.printf("Instance %d not started again: %s%n", n, e.getMessage());
                    out.flush();
                    return;
                }
            }
        });
    }

    private Process launch(List<String> command, Path dir) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
                .start();
        running.add(process);
        if (closed) process.destroy(); // the demo stopped while this one started
        Files.writeString(dir.resolve("server.pid"), Long.toString(process.pid()));
        return process;
    }

    private static Path log(Path dir) {
        return dir.resolve("server.log");
    }

    /**
     * Kills instance {@code n} of the demo under {@code home} at once (SIGKILL: no clean hand-over), for drills.
     *
     * @return what was done, for the drill's timeline
     */
    static String kill(Path home, int n) throws IOException {
        Path pidFile = home.resolve("instance-" + n).resolve("server.pid");
        if (!Files.exists(pidFile))
            throw new IOException("no " + pidFile + ": start the demo with --instances " + n + " or more");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IOException("instance " + n + " (pid " + pid + ") is not running"));
        process.destroyForcibly();
        return "instance " + n + " (pid " + pid + ") killed with SIGKILL";
    }

    /** Stops every instance (SIGTERM: each hands its work over), killing one that takes more than a minute. */
    @Override
    public void close() {
        closed = true;
        for (Process process : running) process.destroy();
        for (Process process : running) {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
