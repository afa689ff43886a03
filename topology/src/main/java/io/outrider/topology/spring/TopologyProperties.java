package io.outrider.topology.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topology's settings ({@code outrider.topology.*}).
 *
 * @param enabled build the graph from the span stream in this instance
 * @param flushInterval how often changed minutes are written (and offsets committed)
 * @param keepInMemory how long a minute stays in memory after its last change (later data reads it back)
 */
@ConfigurationProperties("outrider.topology")
public record TopologyProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("10m") Duration keepInMemory) {}
