package io.outrider.collector.prometheus;

import io.outrider.collector.ingest.IngestCounters;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.metric.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes Prometheus endpoints at a fixed interval and hands every sample to the sink as a metric point, labelled
 * with the target's {@code job}, {@code instance} and configured labels (a scraped label of the same name is kept as
 * {@code exported_<name>}, as Prometheus does). Each scrape also yields {@code up}, {@code scrape_duration_seconds}
 * and {@code scrape_samples_scraped}, and updates the target's health. NaN samples are skipped. While the sink is
 * congested or unavailable, scrapes are skipped (a pull source can simply be read later) instead of piling up.
 */
public final class PrometheusScraper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrometheusScraper.class);
    private static final String SOURCE = "prometheus";

    /**
     * @param health {@code up}, {@code down} or {@code unknown} (not scraped yet)
     * @param lastScrapeMillis epoch ms of the last attempt, 0 if none
     * @param lastError why the last scrape failed, null when it worked
     */
    public record TargetHealth(
            ScrapeTarget target,
            String health,
            long lastScrapeMillis,
            double lastDurationSeconds,
            int lastSamples,
            @Nullable String lastError) {}

    private final List<ScrapeTarget> targets;
    private final Duration interval;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final IngestSink sink;
    private final IngestCounters counters;
    private final HttpClient http;
    private final Map<ScrapeTarget, TargetHealth> health = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    public PrometheusScraper(
            List<ScrapeTarget> targets,
            Duration interval,
            Duration timeout,
            int maxBodyBytes,
            IngestSink sink,
            IngestCounters counters) {
        if (interval.toMillis() < 100) throw new IllegalArgumentException("scrape interval under 100 ms: " + interval);
        this.targets = List.copyOf(targets);
        this.interval = interval;
        this.timeout = timeout.compareTo(interval) > 0 ? interval : timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.sink = sink;
        this.counters = counters;
        this.http = HttpClient.newBuilder().connectTimeout(this.timeout).build();
        this.scheduler = Executors.newScheduledThreadPool(
                Math.max(1, Math.min(4, targets.size())),
                Thread.ofPlatform().daemon().name("prometheus-scraper-", 0).factory());
        for (ScrapeTarget target : targets) health.put(target, new TargetHealth(target, "unknown", 0, 0, 0, null));
    }

    /** Starts scraping each target, spread over the interval so they do not all hit at once. */
    public PrometheusScraper start() {
        long step = targets.isEmpty() ? 0 : interval.toMillis() / targets.size();
        for (int i = 0; i < targets.size(); i++) {
            ScrapeTarget target = targets.get(i);
            scheduler.scheduleAtFixedRate(
                    () -> scrapeQuietly(target), i * step, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!targets.isEmpty()) log.info("Scraping {} Prometheus targets every {}", targets.size(), interval);
        return this;
    }

    /** The targets and how their last scrape went, in configuration order. */
    public List<TargetHealth> targets() {
        return targets.stream()
                .map(t -> health.getOrDefault(t, new TargetHealth(t, "unknown", 0, 0, 0, null)))
                .toList();
    }

    private void scrapeQuietly(ScrapeTarget target) {
        try {
            scrape(target);
        } catch (RuntimeException e) {
            log.warn("Scraping {} failed unexpectedly: {}", target.url(), e.toString(), e);
        }
    }

    /** One scrape of one target, now (the schedule calls this; so can tests). */
    public TargetHealth scrape(ScrapeTarget target) {
        if (sink.congested()) {
            log.debug("Skipping the scrape of {}: the sink is congested", target.url());
            return health.getOrDefault(target, new TargetHealth(target, "unknown", 0, 0, 0, "skipped: sink congested"));
        }
        long startNanos = System.nanoTime();
        long now = System.currentTimeMillis();
        String error = null;
        List<PrometheusText.Sample> samples = List.of();
        long bytes = 0;
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(target.url())
                            .timeout(timeout)
                            .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    error = "HTTP " + response.statusCode();
                } else {
                    byte[] read = body.readNBytes(maxBodyBytes + 1);
                    bytes = read.length;
                    if (read.length > maxBodyBytes) error = "body over " + maxBodyBytes + " bytes";
                    else samples = PrometheusText.parse(new String(read, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            error = "unparsable exposition, " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, String> targetLabels = targetLabels(target);
        String service = targetLabels.getOrDefault("service", target.job());
        int taken = 0;
        if (error == null) {
            for (PrometheusText.Sample sample : samples) {
                if (Double.isNaN(sample.value())) continue;
                long ts = sample.timestampMillis() != null ? sample.timestampMillis() : now;
                sink.accept(new MetricPoint(sample.name(), labels(sample.labels(), targetLabels), ts, sample.value()));
                taken++;
            }
        } else {
            log.debug("Scrape of {} failed: {}", target.url(), error);
        }
        sink.accept(MetricPoint.of("up", targetLabels, now, error == null ? 1 : 0));
        sink.accept(MetricPoint.of("scrape_duration_seconds", targetLabels, now, seconds));
        sink.accept(MetricPoint.of("scrape_samples_scraped", targetLabels, now, taken));
        counters.points(SOURCE, service, taken + 3L);
        counters.bytes(SOURCE, service, bytes);
        TargetHealth result = new TargetHealth(target, error == null ? "up" : "down", now, seconds, taken, error);
        health.put(target, result);
        return result;
    }

    private static Map<String, String> targetLabels(ScrapeTarget target) {
        Map<String, String> labels = new TreeMap<>(target.labels());
        labels.put("job", target.job());
        labels.put("instance", target.instance());
        return labels;
    }

    private static TreeMap<String, String> labels(Map<String, String> scraped, Map<String, String> target) {
        TreeMap<String, String> labels = new TreeMap<>();
        scraped.forEach((name, value) -> labels.put(target.containsKey(name) ? "exported_" + name : name, value));
        labels.putAll(target);
        return labels;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
    }
}
