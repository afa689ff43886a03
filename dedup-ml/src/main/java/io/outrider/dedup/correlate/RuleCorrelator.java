package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The correlator that serves until a model exists: an alert joins the open incident it fits best, where fitting
 * means it came within {@code window} of the incident's last event, in the same unit (or one of them global), with
 * a compatible symptom, and close in the call graph (the same service, a caller or callee within two hops, or a
 * shared downstream service) — or, for business KPI alerts of the unit, with any service incident of that unit.
 * Among fitting incidents the closest in the graph, then the most recent, wins.
 */
public final class RuleCorrelator implements Correlator {

    public static final String PROVENANCE = "rules/1";

    private final Duration window;

    public RuleCorrelator(Duration window) {
        this.window = window;
    }

    public RuleCorrelator() {
        this(Duration.ofMinutes(10));
    }

    @Override
    public Decision decide(Alert alert, List<Incident> open, CallGraph graph) {
        Incident best = null;
        double bestScore = 0;
        String bestReason = "";
        for (Incident incident : open) {
            if (!incident.status().open()) continue;
            Features f = Features.of(alert, incident, graph);
            if (f.gapSeconds() > window.toSeconds()) continue;
            if (!(f.sameUnit() || f.anyGlobal()) || !f.symptomCompatible()) continue;
            boolean kpi = f.alertKpi() || f.incidentKpi();
            if (!f.near() && !(kpi && f.sameUnit()) && !(!f.alertHasService() && f.sameUnit())) continue;
            double closeness = f.hops() >= 0 ? 1.0 / (1 + f.hops()) : f.sharedDownstream() ? 0.4 : 0.3;
            double recency = 1 - f.gapSeconds() / Math.max(1, window.toSeconds());
            double score = 0.6 * closeness + 0.3 * recency + 0.1 * f.labelSimilarity();
            if (score > bestScore) {
                best = incident;
                bestScore = score;
                bestReason =
                        String.format(Locale.ROOT, "%s, %.0f s after its last event", f.relation(), f.gapSeconds());
            }
        }
        if (best == null) return new Decision(null, 1, "no open incident fits", PROVENANCE);
        return new Decision(best.id(), Math.min(1, bestScore), bestReason, PROVENANCE);
    }
}
