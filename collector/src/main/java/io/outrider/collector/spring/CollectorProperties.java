package io.outrider.collector.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The collector's settings ({@code outrider.collector.*}).
 *
 * @param cat the CAT listener
 * @param otlp the OTLP/HTTP receiver
 * @param maxInFlight records handed to Kafka but not yet acknowledged, past which listeners stop reading
 */
@ConfigurationProperties("outrider.collector")
public record CollectorProperties(
        @DefaultValue Cat cat,
        @DefaultValue Otlp otlp,
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
}
