package io.outrider.logistics.supervisor;

import io.outrider.logistics.platform.ServiceName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** One supervised service process: how to launch it, the running process, and its restarts. */
final class ServiceProcess {

    /** What the supervisor reports about a service. */
    record View(
            String service,
            String state,
            long pid,
            int restarts,
            @Nullable Instant startedAt,
            String log) {}

    final ServiceName service;
    private final List<String> command;
    private final Path log;
    private @Nullable Process process;
    private @Nullable Instant startedAt;
    private int restarts;
    private boolean wanted = true;
    private Instant nextRestart = Instant.EPOCH;
    private long backoffMs = 1000;

    ServiceProcess(ServiceName service, List<String> command, Path log) {
        this.service = service;
        this.command = command;
        this.log = log;
    }

    synchronized void start() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        startedAt = Instant.now();
        wanted = true;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Restarts a process that died while wanted, with a growing delay between attempts; returns whether it did. */
    synchronized boolean restartIfDead(Instant now) throws IOException {
        if (!wanted || alive() || now.isBefore(nextRestart)) return false;
        restarts++;
        start();
        nextRestart = now.plusMillis(backoffMs);
        backoffMs = Math.min(30_000, backoffMs * 2);
        return true;
    }

    /** A healthy stretch resets the backoff. */
    synchronized void markHealthy() {
        backoffMs = 1000;
    }

    /** SIGKILL, as a crash would; the supervisor restarts it. */
    synchronized void kill() {
        if (process != null) process.destroyForcibly();
    }

    /** SIGTERM and wait; not restarted until {@link #start()}. */
    synchronized void stop() {
        wanted = false;
        Process running = process;
        if (running == null) return;
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }

    synchronized ServiceStatus view() {
        String state = !wanted ? "stopped" : alive() ? "running" : "restarting";
        return new ServiceStatus(
                service.domain(), state, process == null ? -1 : process.pid(), restarts, startedAt, log.toString());
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }
}
