package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
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
 * @param anyGlobal the alert or the incident belongs to no unit in particular
 * @param alertKpi the alert is a business KPI alert (symptom {@code kpi})
 * @param incidentKpi every alert of the incident is a KPI alert
 * @param alertHasService the alert names a service
 * @param bothTraffic the alert and one of the incident's are traffic alerts (a surge reaches every service of a city,
 *     called or not)
 * @param pair the alert and the incident's most alike alert, as {@code alertname@service} sorted and joined by
 *     {@code |}: a model learns from history how often such two go together (co-occurrence)
 */
public record Features(
        double gapSeconds,
        int hops,
        boolean sharedDownstream,
        boolean symptomCompatible,
        boolean sameUnit,
        double labelSimilarity,
        boolean anyGlobal,
        boolean alertKpi,
        boolean incidentKpi,
        boolean alertHasService,
        boolean bothTraffic,
        String pair) {

    public static final int MAX_HOPS = 3;

    /** The names of {@link #vector()}'s entries, in order: the learned correlator's feature names. */
    public static final List<String> NAMES = List.of(
            "log_gap",
            "hops_0",
            "hops_1",
            "hops_2",
            "hops_3",
            "hops_none",
            "shared_downstream",
            "symptom_compatible",
            "same_unit",
            "label_similarity",
            "any_global",
            "alert_kpi",
            "incident_kpi",
            "alert_has_service",
            "kpi_same_unit",
            "unit_fits_near",
            "both_traffic");

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
        boolean traffic = false;
        double similarity = 0;
        Map<String, String> closest = null;
        for (Incident.AlertEntry entry : incident.alerts().values()) {
            String theirs = entry.labels().getOrDefault("symptom", "");
            if (compatible(symptom, theirs)) compatible = true;
            if (symptom.equals("traffic") && theirs.equals("traffic")) traffic = true;
            double j = jaccard(alert.labels(), entry.labels());
            if (j > similarity || closest == null) closest = entry.labels();
            similarity = Math.max(similarity, j);
        }
        String mine = name(alert.labels());
        String theirs = closest == null ? "" : name(closest);
        String pair = mine.compareTo(theirs) <= 0 ? mine + "|" + theirs : theirs + "|" + mine;
        boolean incidentKpi = incident.alerts().values().stream()
                .allMatch(e -> "kpi".equals(e.labels().get("symptom")));
        return new Features(
                gap,
                hops,
                shared,
                compatible,
                alert.unit().equals(incident.unit()),
                similarity,
                alert.unit().equals("global") || incident.unit().equals("global"),
                symptom.equals("kpi"),
                incidentKpi,
                service != null,
                traffic,
                pair);
    }

    private static String name(Map<String, String> labels) {
        return (labels.getOrDefault("alertname", "?") + "@" + labels.getOrDefault("service", "-"))
                .replace(',', '_')
                .replace('|', '_');
    }

    /** The closest relation, for people: same service, hops in the call graph, shared downstream, same unit. */
    public String relation() {
        if (hops == 0) return "same service";
        if (hops > 0) return hops + " hop" + (hops == 1 ? "" : "s") + " in the call graph";
        if (sharedDownstream) return "shared downstream service";
        return sameUnit ? "same unit" : "related";
    }

    /** Near in the call graph: the same service, a caller or callee within two hops, or a shared downstream. */
    public boolean near() {
        return hops >= 0 && hops <= 2 || sharedDownstream;
    }

    /**
     * The features as numbers for a model, named by {@link #NAMES}: the gap on a log scale, the hop count one-hot
     * (it is not monotonic: none is farther than three), flags as 0/1, and two interactions a linear model cannot
     * form on its own (a KPI alert in the same unit; a fitting unit and a near service).
     */
    public double[] vector() {
        boolean kpi = alertKpi || incidentKpi;
        return new double[] {
            Math.log1p(gapSeconds),
            hops == 0 ? 1 : 0,
            hops == 1 ? 1 : 0,
            hops == 2 ? 1 : 0,
            hops == 3 ? 1 : 0,
            hops < 0 ? 1 : 0,
            flag(sharedDownstream),
            flag(symptomCompatible),
            flag(sameUnit),
            labelSimilarity,
            flag(anyGlobal),
            flag(alertKpi),
            flag(incidentKpi),
            flag(alertHasService),
            flag(kpi && sameUnit),
            flag((sameUnit || anyGlobal) && near()),
            flag(bothTraffic)
        };
    }

    private static double flag(boolean b) {
        return b ? 1 : 0;
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
