package io.outrider.console.postmortem;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentSummary;
import io.outrider.dedup.similar.SimilarIncidents;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.runbooks.run.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * An incident's postmortem: {@code GET /incidents/{id}/postmortem} shows the stored text (or a draft written from the
 * incident) beside its rendering and response times, for editing; {@code POST} saves it (with optimistic
 * concurrency); {@code .md} and {@code .pdf} export it; {@code /api/incidents/{id}/postmortem} reads and writes it as
 * JSON.
 */
@Controller
public class PostmortemController {

    private final IncidentStore incidents;
    private final RunStore runs;
    private final PostmortemStore store;
    private final String consoleUrl;
    private final PostmortemDraft.Goals goals;
    private final Clock clock;

    public PostmortemController(
            IncidentStore incidents,
            RunStore runs,
            PostmortemStore store,
            String consoleUrl,
            PostmortemDraft.Goals goals,
            Clock clock) {
        this.incidents = incidents;
        this.runs = runs;
        this.store = store;
        this.consoleUrl = consoleUrl;
        this.goals = goals;
        this.clock = clock;
    }

    /** A new draft written from the incident as it is now. */
    public String draft(Incident incident) throws IOException {
        List<PostmortemDraft.Similar> similar = SimilarIncidents.find(incident, incidents.latest("", 1000), 5).stream()
                .map(m -> new PostmortemDraft.Similar(
                        m.incident().id(), IncidentSummary.title(m.incident()), m.similarity()))
                .toList();
        return PostmortemDraft.write(
                incident, runs.forIncident(incident.id()), similar, consoleUrl, goals, clock.instant());
    }

    @GetMapping("/incidents/{id}/postmortem")
    public String page(@PathVariable String id, @RequestParam(defaultValue = "false") boolean draft, Model model)
            throws IOException {
        Incident incident = incident(id);
        Optional<PostmortemStore.Postmortem> stored = store.read(id);
        String markdown =
                draft || stored.isEmpty() ? draft(incident) : stored.get().markdown();
        fill(model, incident, stored.orElse(null), markdown, null);
        return "postmortem";
    }

    @PostMapping(path = "/incidents/{id}/postmortem", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public String save(
            @PathVariable String id,
            @RequestParam String markdown,
            @RequestParam(defaultValue = "draft") String status,
            @RequestParam(defaultValue = "") String version,
            @Nullable Principal principal,
            Model model,
            jakarta.servlet.http.HttpServletResponse response)
            throws IOException {
        Incident incident = incident(id);
        try {
            store.save(id, markdown, status, who(principal), clock.instant(), version);
            return "redirect:/incidents/" + id + "/postmortem?saved";
        } catch (PostmortemStore.ConflictException | IllegalArgumentException e) {
            // keep what the person typed; say what to do
            response.setStatus(e instanceof PostmortemStore.ConflictException ? 409 : 400);
            fill(model, incident, store.read(id).orElse(null), markdown, e.getMessage());
            return "postmortem";
        }
    }

    @GetMapping("/incidents/{id}/postmortem.md")
    public ResponseEntity<byte[]> markdown(@PathVariable String id) throws IOException {
        return download(id + ".md", "text/markdown;charset=UTF-8", text(id).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/incidents/{id}/postmortem.pdf")
    public ResponseEntity<byte[]> pdf(@PathVariable String id) throws IOException {
        return download(
                id + ".pdf", MediaType.APPLICATION_PDF_VALUE, PostmortemDocuments.pdf("Postmortem " + id, text(id)));
    }

    @GetMapping("/api/incidents/{id}/postmortem")
    @ResponseBody
    public Map<String, Object> read(@PathVariable String id) throws IOException {
        Incident incident = incident(id);
        Optional<PostmortemStore.Postmortem> stored = store.read(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incidentId", id);
        out.put("stored", stored.isPresent());
        out.put("status", stored.map(PostmortemStore.Postmortem::status).orElse("draft"));
        out.put("version", stored.map(PostmortemStore.Postmortem::version).orElse(""));
        out.put("markdown", stored.isPresent() ? stored.get().markdown() : draft(incident));
        out.put("times", times(IncidentTimes.of(incident)));
        return out;
    }

    @PutMapping(path = "/api/incidents/{id}/postmortem", consumes = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    public ResponseEntity<Map<String, Object>> write(
            @PathVariable String id,
            @RequestBody String markdown,
            @RequestParam(defaultValue = "draft") String status,
            @RequestParam(defaultValue = "") String version,
            @Nullable Principal principal)
            throws IOException {
        incident(id);
        try {
            PostmortemStore.Postmortem saved =
                    store.save(id, markdown, status, who(principal), clock.instant(), version);
            return ResponseEntity.ok(Map.of("incidentId", id, "status", saved.status(), "version", saved.version()));
        } catch (PostmortemStore.ConflictException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", String.valueOf(e.getMessage())));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private String text(String id) throws IOException {
        Optional<PostmortemStore.Postmortem> stored = store.read(id);
        return stored.isPresent() ? stored.get().markdown() : draft(incident(id));
    }

    private void fill(
            Model model,
            Incident incident,
            PostmortemStore.@Nullable Postmortem stored,
            String markdown,
            @Nullable String error) {
        IncidentTimes times = IncidentTimes.of(incident);
        model.addAttribute("incident", incident);
        model.addAttribute("stored", stored);
        model.addAttribute("markdown", markdown);
        model.addAttribute("preview", PostmortemDocuments.html(markdown));
        model.addAttribute("times", times(times));
        model.addAttribute(
                "business",
                BusinessImpact.of(
                        incident.impact(),
                        Duration.between(
                                times.impactStart(), times.resolved() != null ? times.resolved() : clock.instant())));
        model.addAttribute("statuses", PostmortemStore.STATUSES);
        model.addAttribute("error", error);
    }

    private static Map<String, String> times(IncidentTimes times) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("impactStart", times.impactStart().toString());
        out.put("timeToDetect", IncidentTimes.format(times.toDetect()));
        out.put("timeToAcknowledge", IncidentTimes.format(times.toAcknowledge()));
        out.put("timeToMitigate", IncidentTimes.format(times.toMitigate()));
        out.put("timeToResolve", IncidentTimes.format(times.toResolve()));
        return out;
    }

    private static String who(@Nullable Principal principal) {
        return principal == null ? "unknown" : principal.getName();
    }

    private Incident incident(String id) throws IOException {
        return incidents.read(id).orElseThrow(() -> new NoSuchElementException("no incident " + id));
    }

    private static ResponseEntity<byte[]> download(String name, String type, byte[] body) {
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("postmortem-" + name)
                                .build()
                                .toString())
                .contentType(MediaType.parseMediaType(type))
                .body(body);
    }
}
