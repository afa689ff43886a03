package io.outrider.alert.spring;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the alert engine, {@code outrider.alerts.*}.
 *
 * @param enabled whether the engine runs (its API answers either way)
 * @param rulesDir rule files, reread when they change; default {@code HOME/alert-rules}
 * @param defaultRules whether the shipped rules for the logistics core are in force
 * @param consoleUrl the base of the links in alerts; default {@code http://127.0.0.1:<server.port>}
 * @param lateness how long a window waits for late data after its end
 * @param maxSeries series one window may hold (more are dropped and counted)
 * @param tickInterval how often windows are closed and rules evaluated (and rule files reread)
 */
@ConfigurationProperties("outrider.alerts")
public record AlertProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable Path rulesDir,
        @DefaultValue("true") boolean defaultRules,
        @Nullable String consoleUrl,
        @DefaultValue("5s") Duration lateness,
        @DefaultValue("200000") int maxSeries,
        @DefaultValue("2s") Duration tickInterval) {}
