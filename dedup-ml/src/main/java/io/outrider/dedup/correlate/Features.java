package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What relates an alert to an open incident, the inputs of every correlator: how long after the incident's last
 * event it came, how far its service is from the incident's services in the call graph, whether they share a
 * downstream service, whether the symptoms go together, whether the unit (city) is the same, and how alike the
 * labels are.
 *
 * @param gapSeconds seconds since the incident's last update (0 when before it)
 * @param hops the fewest hops to one of the incident's services, -1 when none within {@link #MAX_HOPS}
 * @param labelSimilarity Jaccard similarity of the alert's labels with the incident's closest alert, 0..1
 */
public record Features(
        double gapSeconds,
        int hops,
        boolean sharedDownstream,
        boolean symptomCompatible,
        boolean sameUnit,
        double labelSimilarity) {

    public static final int MAX_HOPS = 3;

    /** Symptoms that travel together: an error in a callee shows as latency, errors or a KPI drop in its callers. */
    private static final Set<String> SERVICE_SYMPTOMS =
            Set.of("errors", "latency", "traffic", "saturation", "heartbeat", "anomaly");

    public static Features of(Alert alert, Incident incident, CallGraph graph) {
        double gap = Math.max(
                0, Duration.between(incident.updatedAt(), alert.startsAt()).toMillis() / 1000.0);
        String service = alert.labels().get("service");
        int hops = -1;
        boolean shared = false;
        if (service != null)
            for (String other : incident.services()) {
                int h = graph.hops(service, other, MAX_HOPS);
                if (h >= 0 && (hops < 0 || h < hops)) hops = h;
                if (!shared && graph.sharedDownstream(service, other, MAX_HOPS)) shared = true;
            }
        String symptom = alert.labels().getOrDefault("symptom", "");
        boolean compatible = false;
        double similarity = 0;
        for (Incident.AlertEntry entry : incident.alerts().values()) {
            String theirs = entry.labels().getOrDefault("symptom", "");
            if (compatible(symptom, theirs)) compatible = true;
            similarity = Math.max(similarity, jaccard(alert.labels(), entry.labels()));
        }
        return new Features(gap, hops, shared, compatible, alert.unit().equals(incident.unit()), similarity);
    }

    static boolean compatible(String a, String b) {
        if (a.equals(b)) return true;
        // a KPI drop goes with any service symptom (a slow or failing service drops the KPI), and back
        if (a.equals("kpi") || b.equals("kpi")) return true;
        return SERVICE_SYMPTOMS.contains(a) && SERVICE_SYMPTOMS.contains(b);
    }

    static double jaccard(Map<String, String> a, Map<String, String> b) {
        Set<String> left = new HashSet<>();
        a.forEach((k, v) -> left.add(k + "=" + v));
        Set<String> right = new HashSet<>();
        b.forEach((k, v) -> right.add(k + "=" + v));
        Set<String> union = new HashSet<>(left);
        union.addAll(right);
        left.retainAll(right);
        return union.isEmpty() ? 0 : (double) left.size() / union.size();
    }
}
