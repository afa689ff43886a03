package io.outrider.collector.spring;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The collector's settings ({@code outrider.collector.*}).
 *
 * @param cat the CAT listener
 * @param otlp the OTLP/HTTP receiver
 * @param prometheus the Prometheus scraper
 * @param spanWriter the Elasticsearch writer of spans
 * @param maxInFlight records handed to Kafka but not yet acknowledged, past which listeners stop reading
 */
@ConfigurationProperties("outrider.collector")
public record CollectorProperties(
        @DefaultValue Cat cat,
        @DefaultValue Otlp otlp,
        @DefaultValue Prometheus prometheus,
        @DefaultValue SpanWriter spanWriter,
        @DefaultValue("20000") long maxInFlight) {

    /**
     * @param bindAddress interface of the TCP listener
     * @param port TCP port CAT clients send to (0: a free one)
     * @param maxFrame largest frame accepted; larger ones are skipped and dead-lettered
     * @param allowedClients networks allowed to connect (the CAT protocol has no authentication)
     * @param routers what the router endpoint tells clients, {@code host:port}; empty: this listener
     */
    public record Cat(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("2280") int port,
            @DefaultValue("4MB") DataSize maxFrame,
            @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> allowedClients,
            @DefaultValue List<String> routers) {}

    /**
     * @param bindAddress interface of the HTTP listener
     * @param port OTLP/HTTP port (4318 is OpenTelemetry's default; 0: a free one)
     * @param maxBody largest body accepted, compressed or inflated
     * @param bearerToken when set, exporters must send {@code Authorization: Bearer <token>}
     */
    public record Otlp(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("4318") int port,
            @DefaultValue("16MB") DataSize maxBody,
            @Nullable String bearerToken) {}

    /**
     * @param interval how often each target is scraped
     * @param timeout how long one scrape may take (at most the interval)
     * @param maxBody largest exposition accepted
     * @param targets what to scrape; none by default
     */
    public record Prometheus(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("16MB") DataSize maxBody,
            @DefaultValue List<Target> targets) {}

    /**
     * @param job the {@code job} label
     * @param url the metrics URL
     * @param labels added to every point (e.g. {@code service})
     */
    public record Target(String job, URI url, @DefaultValue Map<String, String> labels) {}

    /**
     * @param enabled false on instances that only receive (another instance writes to Elasticsearch)
     * @param workers consumers of the writer group in this instance, each with a bulk in flight
     * @param maxBatch records per bulk request at most
     */
    public record SpanWriter(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("3") int workers,
            @DefaultValue("4000") int maxBatch) {}
}
