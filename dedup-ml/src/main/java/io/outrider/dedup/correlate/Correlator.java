package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides, for a new alert, which open incident it joins, or that it opens one. Every correlator (the rule-based
 * one, the learned one) passes the same contract tests.
 */
public interface Correlator {

    /**
     * @param incident the id of the incident to join; null to open a new one
     * @param score how sure, 0..1
     * @param reason for people, in the incident's timeline
     * @param provenance which correlator and model decided (e.g. {@code rules/1})
     */
    record Decision(@Nullable String incident, double score, String reason, String provenance) {}

    Decision decide(Alert alert, List<Incident> open, CallGraph graph);
}
