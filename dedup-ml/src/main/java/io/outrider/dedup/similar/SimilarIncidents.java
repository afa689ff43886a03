package io.outrider.dedup.similar;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import smile.math.distance.JaccardDistance;
import smile.neighbor.LinearSearch;
import smile.neighbor.Neighbor;

/**
 * The incidents most like one: each incident's signature is the set of its services, symptoms and alert names
 * ({@code service:eta-service}, {@code symptom:latency}, {@code alert:ServiceLatencyP99}) and, once ranked, its root
 * cause and the signal that showed it ({@code root:eta-service}, {@code root-signal:lat_99}); the nearest by
 * Jaccard distance (Smile's linear k-nearest-neighbour search) are the similar ones, with similarity = 1 − distance.
 */
public final class SimilarIncidents {

    public record Match(Incident incident, double similarity) {}

    private SimilarIncidents() {}

    public static String[] signature(Incident incident) {
        TreeSet<String> tokens = new TreeSet<>();
        incident.services().forEach(s -> tokens.add("service:" + s));
        incident.alerts().values().forEach(a -> {
            String symptom = a.labels().get("symptom");
            if (symptom != null) tokens.add("symptom:" + symptom);
            tokens.add("alert:" + a.labels().get("alertname"));
        });
        RootCause rootCause = incident.rootCause();
        if (rootCause != null && !rootCause.ranking().isEmpty()) {
            RootCause.Suspect top = rootCause.ranking().getFirst();
            tokens.add("root:" + top.service());
            if (!top.evidence().isEmpty()) tokens.add("root-signal:" + signal(top));
        }
        return tokens.toArray(String[]::new);
    }

    /** What showed the root cause, without the service: {@code lat_99}, {@code change: flow rules}. */
    private static String signal(RootCause.Suspect top) {
        String series = top.evidence().getFirst().series();
        String prefix = top.service() + "_";
        return series.startsWith(prefix) ? series.substring(prefix.length()) : series;
    }

    /** Up to {@code k} incidents of {@code candidates} (never {@code query} itself) that share something with it. */
    public static List<Match> find(Incident query, List<Incident> candidates, int k) {
        List<Incident> others =
                candidates.stream().filter(i -> !i.id().equals(query.id())).toList();
        if (others.isEmpty() || k <= 0) return List.of();
        LinearSearch<String[], Incident> search =
                new LinearSearch<>(others, new JaccardDistance<String>(), SimilarIncidents::signature);
        List<Match> matches = new ArrayList<>();
        for (Neighbor<String[], Incident> n : search.search(signature(query), Math.min(k, others.size()))) {
            double similarity = 1 - n.distance();
            if (similarity > 0) matches.add(new Match(n.value(), similarity));
        }
        matches.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
        return matches;
    }
}
