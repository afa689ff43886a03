package io.outrider.console.inbox;

import io.outrider.core.incident.IncidentSummary;
import io.outrider.dedup.store.IncidentStore;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The incident inbox: {@code GET /} (the page), {@code GET /inbox/rows} (its table, which the page reloads when
 * {@code GET /inbox/events} says an incident changed).
 */
@Controller
public class InboxController {

    /** The most incidents the inbox reads (by last update); older ones are found by their id or in the history. */
    static final int MAX = 2000;

    /** The most rows it shows; the page says how many more match. */
    static final int SHOWN = 200;

    private final IncidentStore incidents;
    private final IncidentFeed feed;

    public InboxController(IncidentStore incidents, IncidentFeed feed) {
        this.incidents = incidents;
        this.feed = feed;
    }

    /** The page ({@code /}), or only its table ({@code /inbox/rows}, what the page reloads). */
    @GetMapping({"/", "/inbox/rows"})
    public String page(
            @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String severity,
            @RequestParam(defaultValue = "") String service,
            @RequestParam(defaultValue = "") String unit,
            @RequestParam(defaultValue = "false") boolean mine,
            @RequestParam(defaultValue = "") String sort,
            Principal user,
            jakarta.servlet.http.HttpServletRequest request,
            Model model)
            throws IOException {
        fill(Inbox.Query.of(status, severity, service, unit, mine, sort), user, model);
        return request.getRequestURI().endsWith("/rows") ? "inbox :: rows" : "inbox";
    }

    @GetMapping("/inbox/events")
    public SseEmitter events() {
        return feed.subscribe();
    }

    private void fill(Inbox.Query query, Principal user, Model model) throws IOException {
        List<IncidentSummary> read = incidents.summaries(query.status().equals("any") ? "" : query.status(), MAX);
        TreeSet<String> services = new TreeSet<>();
        TreeSet<String> units = new TreeSet<>();
        for (IncidentSummary i : read) {
            services.addAll(i.services());
            units.add(i.unit());
        }
        List<IncidentSummary> selected = Inbox.select(read, query, user.getName());
        model.addAttribute("query", query);
        model.addAttribute("rows", selected.size() > SHOWN ? selected.subList(0, SHOWN) : selected);
        model.addAttribute("matching", selected.size());
        model.addAttribute("services", services);
        model.addAttribute("units", units);
    }
}
