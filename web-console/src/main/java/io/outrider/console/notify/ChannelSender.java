package io.outrider.console.notify;

import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One channel's sender, on its own thread: takes the next notice, waits for a token of the channel's bucket (its
 * platform's rate limit), and sends it together with everything that piled up meanwhile (one message, or a digest).
 * A failed send is retried with exponential backoff (or after the platform's Retry-After) up to the channel's
 * attempts; every message, sent or given up, is recorded. Slack's {@code chat.postMessage} answers with the message's
 * {@code ts}: later notices of that incident go to its thread.
 */
public final class ChannelSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChannelSender.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Notices waiting at most; beyond, the oldest are dropped (and counted). */
    static final int QUEUE = 10_000;

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int THREADS_REMEMBERED = 5_000;

    /** How a channel is doing, for the console. */
    public record Status(
            String name,
            Platform platform,
            String route,
            int queued,
            long sent,
            long failed,
            long dropped,
            @Nullable Instant lastSentAt,
            @Nullable Instant lastFailureAt,
            @Nullable String lastFailure) {}

    /** What the platform's answer means. */
    record Answer(
            boolean ok,
            boolean retry,
            @Nullable Duration after,
            String detail,
            @Nullable String thread) {}

    private final NotifyProperties.Channel channel;
    private final String consoleUrl;
    private final HttpClient http;
    private final Delivery.Log deliveries;
    private final Clock clock;
    private final Bucket bucket;
    private final BlockingDeque<Notice> queue = new LinkedBlockingDeque<>(QUEUE);
    private final Map<String, String> threads = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > THREADS_REMEMBERED;
        }
    };
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private volatile boolean busy;
    private volatile @Nullable Instant lastSentAt;
    private volatile @Nullable Instant lastFailureAt;
    private volatile @Nullable String lastFailure;

    ChannelSender(
            NotifyProperties.Channel channel,
            String consoleUrl,
            HttpClient http,
            Delivery.Log deliveries,
            Clock clock) {
        this.channel = channel;
        this.consoleUrl = consoleUrl;
        this.http = http;
        this.deliveries = deliveries;
        this.clock = clock;
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(channel.burstOrDefault())
                        .refillGreedy(channel.perMinuteOrDefault(), Duration.ofMinutes(1)))
                .build();
        this.worker = Thread.ofPlatform()
                .name("notify-" + channel.name())
                .daemon(true)
                .start(this::loop);
    }

    NotifyProperties.Channel channel() {
        return channel;
    }

    /** Queues a notice; when the queue is full, the oldest waiting one is dropped. */
    void offer(Notice notice) {
        while (!queue.offerLast(notice)) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
                log.warn("Channel {}: {} notices waiting; the oldest dropped", channel.name(), QUEUE);
            }
        }
    }

    Status status() {
        NotifyProperties.Route route = channel.route();
        String policy = "severity ≥ " + route.minSeverity()
                + (route.services().isEmpty() ? "" : ", services " + route.services())
                + (route.units().isEmpty() ? "" : ", units " + route.units())
                + (route.events().isEmpty() ? "" : ", events " + route.events());
        return new Status(
                channel.name(),
                channel.platform(),
                policy,
                queue.size() + (busy ? 1 : 0),
                sent.get(),
                failed.get(),
                dropped.get(),
                lastSentAt,
                lastFailureAt,
                lastFailure);
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Notice first = queue.takeFirst();
                busy = true;
                List<Notice> batch = new ArrayList<>();
                batch.add(first);
                bucket.asBlocking().consume(1); // updates pile up meanwhile: they go together
                queue.drainTo(batch);
                deliver(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("Channel {}: a message was not built: {}", channel.name(), e.toString(), e);
            } finally {
                busy = false;
            }
        }
    }

    private void deliver(List<Notice> batch) throws InterruptedException {
        String incident = batch.getFirst().incidentId();
        boolean single = batch.stream().allMatch(n -> n.incidentId().equals(incident));
        String thread;
        synchronized (threads) {
            thread = single ? threads.get(incident) : null;
        }
        int attempts = 0;
        int status = 0;
        Answer answer = new Answer(false, true, null, "not sent", null);
        while (attempts < channel.maxAttempts()) {
            if (attempts > 0) {
                Duration wait = answer.after() != null ? answer.after() : backoff(attempts);
                Thread.sleep(wait.toMillis());
                bucket.asBlocking().consume(1); // a retry is a request too
            }
            attempts++;
            Messages.Outgoing out = Messages.render(channel, batch, consoleUrl, thread, clock.instant());
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(out.url()))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(out.body()));
                out.headers().forEach(request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = judge(
                        channel.platform(),
                        status,
                        response.body(),
                        response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                status = 0;
                answer = new Answer(false, true, null, "no answer: " + e, null);
            }
            if (answer.ok() || !answer.retry()) break;
            log.info("Channel {}: try {} failed ({}); retrying", channel.name(), attempts, answer.detail());
        }
        Instant now = clock.instant();
        if (answer.ok()) {
            sent.incrementAndGet();
            lastSentAt = now;
            if (single && thread == null && answer.thread() != null)
                synchronized (threads) {
                    threads.put(incident, answer.thread());
                }
        } else {
            failed.incrementAndGet();
            lastFailureAt = now;
            lastFailure = answer.detail();
            log.warn(
                    "Channel {}: {} notices not delivered after {} tries: {}",
                    channel.name(),
                    batch.size(),
                    attempts,
                    answer.detail());
        }
        String detail = answer.ok()
                ? (thread != null ? "in thread " + thread : batch.size() > 1 ? "digest of " + batch.size() : "sent")
                : answer.detail();
        try {
            deliveries.record(new Delivery(
                    now,
                    channel.name(),
                    channel.platform(),
                    batch.stream().map(Notice::incidentId).distinct().toList(),
                    batch.stream().map(Notice::event).toList(),
                    answer.ok(),
                    attempts,
                    status,
                    detail));
        } catch (RuntimeException e) {
            log.warn("Channel {}: delivery not recorded: {}", channel.name(), e.toString());
        }
    }

    static Duration backoff(int attempt) {
        long seconds = 1L << Math.min(attempt - 1, 6);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    /** What an answer means on this platform (some answer errors with HTTP 200). */
    static Answer judge(Platform platform, int status, String body, @Nullable String retryAfter) {
        String said = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        if (status == 429 || status >= 500)
            return new Answer(false, true, seconds(retryAfter), "HTTP " + status + ": " + said, null);
        if (status < 200 || status >= 300)
            return new Answer(false, false, null, "HTTP " + status + ": " + said + hint(platform, status), null);
        switch (platform) {
            case SLACK_API -> {
                JsonNode node = parse(body);
                if (node.path("ok").asBoolean(false))
                    return new Answer(true, false, null, "ok", node.path("ts").asString(null));
                String error = node.path("error").asString("no ok in the answer");
                return new Answer(false, error.equals("ratelimited"), seconds(retryAfter), "Slack: " + error, null);
            }
            case DINGTALK -> {
                JsonNode node = parse(body);
                int code = node.path("errcode").asInt(0);
                if (code == 0) return new Answer(true, false, null, "ok", null);
                // 130101: more than 20 a minute, throttled for 10 minutes
                return new Answer(
                        false,
                        code == 130101,
                        code == 130101 ? Duration.ofSeconds(60) : null,
                        "DingTalk " + code + ": " + node.path("errmsg").asString("")
                                + (code == 310000 ? " (check the secret, keywords and IP allow-list)" : ""),
                        null);
            }
            case FEISHU -> {
                JsonNode node = parse(body);
                int code = node.has("code")
                        ? node.path("code").asInt(0)
                        : node.path("StatusCode").asInt(0);
                if (code == 0) return new Answer(true, false, null, "ok", null);
                boolean busy = code == 11232 || code == 9499;
                return new Answer(
                        false,
                        busy,
                        null,
                        "Feishu " + code + ": "
                                + node.path("msg")
                                        .asString(node.path("StatusMessage").asString(""))
                                + (code == 19021 ? " (check the secret and the machine's clock)" : ""),
                        null);
            }
            default -> {
                return new Answer(true, false, null, "ok", null);
            }
        }
    }

    private static String hint(Platform platform, int status) {
        if (status == 404) return " (is the webhook URL right? it may have been revoked)";
        if (status == 400 && (platform == Platform.SLACK || platform == Platform.SLACK_API))
            return " (Slack refused the message: a block may be too long)";
        if (status == 401 || status == 403) return " (check the token or secret)";
        return "";
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    private static @Nullable Duration seconds(@Nullable String retryAfter) {
        if (retryAfter == null) return null;
        try {
            return Duration.ofSeconds(Math.min(Long.parseLong(retryAfter.strip()), MAX_BACKOFF.toSeconds()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Waits up to {@code wait} for the queue to empty, then stops. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while ((!queue.isEmpty() || busy) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!queue.isEmpty()) log.warn("Channel {}: {} notices not sent at shutdown", channel.name(), queue.size());
        worker.interrupt();
    }
}
