package io.outrider.console.incident;

import io.outrider.console.inbox.IncidentFeed;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.rca.SeriesSource;
import io.outrider.dedup.rca.ServiceSeries;
import io.outrider.dedup.similar.SimilarIncidents;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.runbooks.catalog.Runbook;
import io.outrider.runbooks.catalog.RunbookCatalog;
import io.outrider.runbooks.catalog.RunbookMatcher;
import io.outrider.runbooks.run.Run;
import io.outrider.runbooks.run.RunStore;
import io.outrider.topology.graph.ServiceGraph;
import io.outrider.topology.graph.TopologyStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * One incident: {@code GET /incidents/{id}} renders what the on-call engineer needs first (status, timeline, grouped
 * alerts, root-cause ranking, impact, runbooks and their runs); the slower parts load after the first paint: the
 * similar incidents ({@code /incidents/{id}/similar}), the evidence series ({@code GET /api/incidents/{id}/evidence})
 * and the topology around it ({@code GET /api/incidents/{id}/graph}), both part of the REST API. Actions go through
 * the REST API from the page.
 */
@Controller
public class IncidentPageController {

    /** How far back the evidence charts and the topology reach before the incident opened. */
    static final Duration BEFORE = Duration.ofMinutes(30);

    private final IncidentStore incidents;
    private final AtomicReference<RunbookCatalog.Loaded> catalog;
    private final RunStore runs;
    private final TopologyStore topology;
    private final ObjectProvider<SeriesSource> series;
    private final java.time.Clock clock;

    public IncidentPageController(
            IncidentStore incidents,
            AtomicReference<RunbookCatalog.Loaded> catalog,
            RunStore runs,
            TopologyStore topology,
            ObjectProvider<SeriesSource> series,
            java.time.Clock clock) {
        this.incidents = incidents;
        this.catalog = catalog;
        this.runs = runs;
        this.topology = topology;
        this.series = series;
        this.clock = clock;
    }

    /** Alerts of one name on one service, with how many fingerprints fire and how often they fired. */
    public record AlertGroup(
            String alertname, String service, int fingerprints, int firing, int count, List<String> keys) {}

    @GetMapping("/incidents/{id}")
    public String page(@PathVariable String id, Model model) throws IOException {
        Incident incident = read(id);
        List<Runbook> suggested =
                RunbookMatcher.matching(incident, catalog.get().runbooks().values());
        List<Run> ofIncident = runs.forIncident(id).reversed(); // newest first
        model.addAttribute("incident", incident);
        model.addAttribute("revision", IncidentFeed.revision(incident));
        model.addAttribute("groups", groups(incident));
        model.addAttribute("timeline", incident.timeline().reversed());
        model.addAttribute("suggested", suggested);
        model.addAttribute(
                "others",
                catalog.get().runbooks().values().stream()
                        .filter(r -> !suggested.contains(r))
                        .toList());
        model.addAttribute("runs", ofIncident);
        model.addAttribute("duration", Duration.between(incident.openedAt(), end(incident)));
        return "incident";
    }

    @GetMapping("/incidents/{id}/similar")
    public String similar(@PathVariable String id, Model model) throws IOException {
        Incident incident = read(id);
        model.addAttribute("similar", SimilarIncidents.find(incident, incidents.latest("", 1000), 5));
        return "incident :: similar";
    }

    /** The series behind the top suspects' evidence, from before the incident until now (or its end). */
    @GetMapping("/api/incidents/{id}/evidence")
    @ResponseBody
    public ResponseEntity<Object> evidence(@PathVariable String id) {
        return json(id, this::evidenceOf);
    }

    private ResponseEntity<Object> evidenceOf(Incident incident) throws IOException {
        RootCause cause = incident.rootCause();
        SeriesSource source = series.getIfAvailable();
        if (cause == null || source == null) return ResponseEntity.ok(Map.of("charts", List.of()));
        Map<String, RootCause.Evidence> wanted = new LinkedHashMap<>();
        Set<String> services = new LinkedHashSet<>();
        for (RootCause.Suspect suspect : cause.ranking().stream().limit(3).toList()) {
            for (RootCause.Evidence e : suspect.evidence().stream().limit(2).toList())
                if (!e.series().startsWith("change: ")) {
                    wanted.put(e.series(), e);
                    services.add(suspect.service());
                }
        }
        List<Map<String, Object>> charts = new ArrayList<>();
        if (!services.isEmpty())
            for (ServiceSeries s : source.series(services, incident.openedAt().minus(BEFORE), end(incident))) {
                RootCause.Evidence e = wanted.get(s.name());
                if (e == null) continue;
                List<List<Object>> points = new ArrayList<>();
                for (int i = 0; i < s.times().length; i++)
                    points.add(List.of(s.times()[i], Double.isFinite(s.values()[i]) ? s.values()[i] : 0));
                Map<String, Object> chart = new LinkedHashMap<>();
                chart.put("series", s.name());
                chart.put("service", s.service());
                chart.put("baseline", e.baseline());
                chart.put("since", e.sinceMillis());
                chart.put("points", points);
                charts.add(chart);
            }
        return ResponseEntity.ok(Map.of("charts", charts));
    }

    /**
     * The call graph around the incident: its services, its suspects and their callers and callees, with each
     * suspect's score.
     */
    @GetMapping("/api/incidents/{id}/graph")
    @ResponseBody
    public ResponseEntity<Object> graph(@PathVariable String id) {
        return json(id, this::graphOf);
    }

    private ResponseEntity<Object> graphOf(Incident incident) throws IOException {
        ServiceGraph graph = topology.graph(incident.openedAt().minus(BEFORE), end(incident));
        Map<String, Double> scores = new LinkedHashMap<>();
        if (incident.rootCause() != null)
            for (RootCause.Suspect s : incident.rootCause().ranking()) scores.put(s.service(), s.score());
        Set<String> core = new HashSet<>(incident.services());
        core.addAll(scores.keySet());
        Set<String> nodes = new LinkedHashSet<>(core);
        for (String s : core) {
            if (!graph.services().contains(s)) continue;
            nodes.addAll(graph.callersOf(s));
            nodes.addAll(graph.calleesOf(s));
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        graph.edges().forEach((edge, stats) -> {
            if (nodes.contains(edge.caller()) && nodes.contains(edge.callee()))
                edges.add(Map.of(
                        "caller", edge.caller(),
                        "callee", edge.callee(),
                        "calls", stats.calls(),
                        "errorRate", stats.calls() == 0 ? 0.0 : (double) stats.failures() / stats.calls()));
        });
        List<Map<String, Object>> services = new ArrayList<>();
        String top = incident.rootCause() == null ? null : incident.rootCause().top();
        for (String s : nodes)
            services.add(Map.of(
                    "name", s,
                    "score", scores.getOrDefault(s, 0.0),
                    "affected", incident.services().contains(s),
                    "suspect", s.equals(top)));
        return ResponseEntity.ok(Map.of("services", services, "edges", edges));
    }

    private interface Answer {
        ResponseEntity<Object> of(Incident incident) throws IOException;
    }

    /** A JSON answer about one incident: 404 and 503 as JSON too, with what to do. */
    private ResponseEntity<Object> json(String id, Answer answer) {
        try {
            Optional<Incident> incident = incidents.read(id);
            if (incident.isEmpty())
                return ResponseEntity.status(org.springframework.http.HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "no incident " + id + "; GET /api/incidents lists them"));
            return answer.of(incident.get());
        } catch (IOException | RuntimeException e) {
            return ResponseEntity.status(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "Elasticsearch did not answer (" + e.getMessage() + "); try again"));
        }
    }

    private Incident read(String id) throws IOException {
        return incidents
                .read(id)
                .orElseThrow(() -> new ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND, "No incident " + id + "; the inbox lists them"));
    }

    private Instant end(Incident incident) {
        Instant now = clock.instant();
        return incident.status().open() ? now : incident.updatedAt().isAfter(now) ? now : incident.updatedAt();
    }

    static List<AlertGroup> groups(Incident incident) {
        Map<String, List<Map.Entry<String, Incident.AlertEntry>>> byName = new LinkedHashMap<>();
        for (var entry : incident.alerts().entrySet()) {
            String name = entry.getValue().labels().getOrDefault("alertname", "?");
            String service = entry.getValue().labels().getOrDefault("service", "");
            byName.computeIfAbsent(name + "\u0000" + service, k -> new ArrayList<>())
                    .add(entry);
        }
        List<AlertGroup> out = new ArrayList<>();
        byName.forEach((key, entries) -> {
            String[] parts = key.split("\u0000", -1);
            out.add(new AlertGroup(
                    parts[0],
                    parts[1],
                    entries.size(),
                    (int) entries.stream().filter(e -> e.getValue().firing()).count(),
                    entries.stream().mapToInt(e -> e.getValue().count()).sum(),
                    entries.stream().map(Map.Entry::getKey).toList()));
        });
        out.sort(java.util.Comparator.comparingInt(AlertGroup::firing)
                .thenComparingInt(AlertGroup::count)
                .reversed());
        return out;
    }
}
