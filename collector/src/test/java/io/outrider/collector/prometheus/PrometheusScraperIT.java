package io.outrider.collector.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.outrider.collector.ingest.IngestCounters;
import io.outrider.collector.ingest.MemorySink;
import io.outrider.core.metric.MetricPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scrapes what the real Prometheus Java client exposes, and targets that are down or broken. */
class PrometheusScraperIT {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private volatile String override;
    private HttpServer server;
    private final MemorySink sink = new MemorySink();

    @BeforeEach
    void serve() throws Exception {
        Counter orders = Counter.builder()
                .name("orders_created_total")
                .labelNames("city")
                .register(registry);
        orders.labelValues("shanghai").inc(12);
        Histogram latency = Histogram.builder()
                .name("dispatch_latency_seconds")
                .classicUpperBounds(0.1, 1)
                .register(registry);
        latency.observe(0.05);
        latency.observe(0.5);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body;
            if (override != null) {
                body = override.getBytes(StandardCharsets.UTF_8);
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                PrometheusTextFormatWriter.create().write(out, registry.scrape());
                body = out.toByteArray();
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ScrapeTarget target() {
        return new ScrapeTarget(
                "logistics",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"),
                Map.of("service", "order-service"));
    }

    private PrometheusScraper scraper(List<ScrapeTarget> targets) {
        return new PrometheusScraper(
                targets, Duration.ofMillis(300), Duration.ofSeconds(2), 1 << 20, sink, IngestCounters.unregistered());
    }

    @Test
    void theClientsSamplesArriveLabelledWithTargetAndHealthIsUp() {
        ScrapeTarget target = target();
        try (PrometheusScraper scraper = scraper(List.of(target))) {
            PrometheusScraper.TargetHealth health = scraper.scrape(target);

            assertThat(health.health()).isEqualTo("up");
            assertThat(health.lastError()).isNull();
            assertThat(health.lastSamples()).isGreaterThan(5);
        }
        assertThat(sink.points)
                .anyMatch(p -> p.name().equals("orders_created_total")
                        && p.value() == 12
                        && p.labels()
                                .equals(Map.of(
                                        "city", "shanghai",
                                        "job", "logistics",
                                        "instance", target.instance(),
                                        "service", "order-service")));
        assertThat(sink.points)
                .anyMatch(p -> p.name().equals("dispatch_latency_seconds_bucket")
                        && p.labels().get("le").equals("1.0")
                        && p.value() == 2);
        assertThat(sink.points).anyMatch(p -> p.name().equals("up") && p.value() == 1);
    }

    @Test
    void aTargetThatIsDownOrBrokenIsReportedWithTheReasonAndUpZero() {
        ScrapeTarget broken = target();
        ScrapeTarget closed = new ScrapeTarget("gone", URI.create("http://127.0.0.1:1/metrics"), Map.of());
        override = "fine 1\nbad{x=\"unterminated} 1\n";
        try (PrometheusScraper scraper = scraper(List.of(broken, closed)).start()) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            scraper.targets().stream().allMatch(t -> t.health().equals("down")));
            assertThat(scraper.targets().get(0).lastError()).contains("line 2");
            assertThat(scraper.targets().get(1).lastError()).contains("ConnectException");

            override = null; // the target recovers
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> scraper.targets().getFirst().health().equals("up"));
        }
        assertThat(sink.points)
                .anyMatch(p -> p.name().equals("up")
                        && p.value() == 0
                        && p.labels().get("job").equals("gone"));
        // a scrape that fails takes none of its samples, not even the lines before the broken one
        assertThat(sink.points).noneMatch(p -> p.name().equals("fine"));
    }

    @Test
    void aScrapedLabelNamedLikeATargetLabelIsKeptAsExported() {
        override = "requests_total{job=\"inner\",code=\"200\"} 5\n";
        try (PrometheusScraper scraper = scraper(List.of(target()))) {
            scraper.scrape(target());
        }
        MetricPoint point = sink.points.stream()
                .filter(p -> p.name().equals("requests_total"))
                .findFirst()
                .orElseThrow();
        assertThat(point.labels())
                .containsEntry("job", "logistics")
                .containsEntry("exported_job", "inner")
                .containsEntry("code", "200");
    }

    @Test
    void nothingIsScrapedWhileTheSinkIsCongested() {
        sink.congested = true;
        try (PrometheusScraper scraper = scraper(List.of(target()))) {
            scraper.scrape(target());
        }
        assertThat(sink.points).isEmpty();
    }
}
