package io.outrider.dedup.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of correlation, {@code outrider.incidents.*}.
 *
 * @param enabled whether alerts are correlated into incidents here (the API answers either way)
 * @param window how long after an incident's last event a related alert still joins it (rule-based correlator)
 * @param correlator {@code learned} (the Tribuo model, trained on simulated storms and on-call feedback; the rules
 *     serve until it exists) or {@code rules}
 * @param localizeInterval how often the root cause of the open incidents is ranked again: a minute's reports
 *     (the evidence) arrive once it closes, and the first ranking after that lets runbooks act, so this is what a
 *     fault waits at most for its mitigation beyond its first full minute
 * @param kpiServices the services whose business metrics are the KPIs an incident's impact is measured on
 */
@ConfigurationProperties("outrider.incidents")
public record IncidentProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration window,
        @DefaultValue("learned") Mode correlator,
        @DefaultValue("10s") Duration localizeInterval,
        @DefaultValue("order-service") java.util.List<String> kpiServices) {

    public enum Mode {
        LEARNED,
        RULES
    }
}
