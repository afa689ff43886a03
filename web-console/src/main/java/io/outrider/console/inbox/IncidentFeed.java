package io.outrider.console.inbox;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes every change of an incident (read from {@code outrider.incidents}) to the open inboxes and incident pages
 * as a server-sent event {@code incident} with its id, status, severity and {@link #revision}; a comment every 15 s
 * keeps proxies from closing idle streams and finds the browsers that left.
 */
public final class IncidentFeed implements AutoCloseable {

    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "console-sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public IncidentFeed() {
        heartbeat.scheduleAtFixedRate(this::beat, 15, 15, TimeUnit.SECONDS);
    }

    /** A new stream for one browser; it reconnects by itself when the stream ends. */
    public SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        return emitter;
    }

    /** How many browsers listen. */
    public int listeners() {
        return emitters.size();
    }

    /** One change of an incident, to every browser listening. */
    public void publish(Incident incident) {
        if (emitters.isEmpty()) return; // no browser listens: no event to build
        Map<String, Object> event = Map.of(
                "id", incident.id(),
                "status", incident.status().wire(),
                "severity", incident.severity(),
                "unit", incident.unit(),
                "updatedAt", incident.updatedAt().toString(),
                "revision", revision(incident));
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("incident").data(event));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter); // the browser left
            }
        }
    }

    /**
     * A digest of everything the incident holds: a page rendered from one state ignores the event of that same state
     * (the echo of its own action arriving after the reload that action caused) instead of reloading again.
     */
    public static String revision(Incident incident) {
        CRC32 crc = new CRC32();
        crc.update(IncidentJson.encode(incident));
        return Long.toHexString(crc.getValue());
    }

    private void beat() {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }
}
