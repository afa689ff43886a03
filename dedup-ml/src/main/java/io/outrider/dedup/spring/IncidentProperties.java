package io.outrider.dedup.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of correlation, {@code outrider.incidents.*}.
 *
 * @param enabled whether alerts are correlated into incidents here (the API answers either way)
 * @param window how long after an incident's last event a related alert still joins it
 */
@ConfigurationProperties("outrider.incidents")
public record IncidentProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration window) {}
