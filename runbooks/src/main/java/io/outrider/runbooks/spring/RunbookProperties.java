package io.outrider.runbooks.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of runbooks, {@code outrider.runbooks.*}.
 *
 * @param enabled whether runs advance here (the catalog and the API answer either way)
 * @param directory runbooks of your own ({@code *.yml}), beside the shipped ones; null: none
 * @param targets service id → base URL of its control API; defaults to the logistics core on its default ports
 * @param token bearer token of the control APIs
 * @param autoTrigger whether incidents with a root cause propose the runbooks that match them
 * @param approvers who may approve runs (user names); empty: any signed-in responder of the console
 * @param approvalTtl how long a run waits for approval
 * @param tickInterval how often runs are advanced (steps, verification, hold, expiry)
 * @param lease how long a claimed step is left to its executor before another takes it over
 * @param httpAllowList URL prefixes an {@code http} step may call
 */
@ConfigurationProperties("outrider.runbooks")
public record RunbookProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable Path directory,
        @DefaultValue({}) Map<String, URI> targets,
        @DefaultValue("outrider-dev-token") String token,
        @DefaultValue("true") boolean autoTrigger,
        @DefaultValue({}) List<String> approvers,
        @DefaultValue("15m") Duration approvalTtl,
        @DefaultValue("5s") Duration tickInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue({}) List<String> httpAllowList) {

    /** The logistics core's services on its default ports (base port 7070). */
    static final Map<String, URI> LOGISTICS_DEFAULTS = Map.of(
            "order", URI.create("http://127.0.0.1:7071/"),
            "dispatch", URI.create("http://127.0.0.1:7072/"),
            "rider", URI.create("http://127.0.0.1:7073/"),
            "eta", URI.create("http://127.0.0.1:7074/"),
            "pricing", URI.create("http://127.0.0.1:7075/"));

    Map<String, URI> targetsOrDefaults() {
        return targets.isEmpty() ? LOGISTICS_DEFAULTS : targets;
    }
}
