package io.outrider.console.pages;

import io.outrider.console.audit.ConsoleAudit;
import io.outrider.console.security.ConsoleProperties;
import io.outrider.runbooks.catalog.RunbookCatalog;
import io.outrider.runbooks.run.AuditLog;
import io.outrider.runbooks.run.RunStore;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's other pages. Those drawn from live series (topology map, service reports, logview, rules and
 * silences) are rendered empty and filled by their script from the REST API, which is what automation uses too;
 * the lists (runbooks, runs, audit, settings) are rendered here.
 */
@Controller
public class ConsolePages {

    private final AtomicReference<RunbookCatalog.Loaded> catalog;
    private final RunStore runs;
    private final AuditLog runAudit;
    private final ConsoleAudit audit;
    private final ConsoleProperties properties;
    private final ObjectProvider<org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
            registrations;

    public ConsolePages(
            AtomicReference<RunbookCatalog.Loaded> catalog,
            RunStore runs,
            AuditLog runAudit,
            ConsoleAudit audit,
            ConsoleProperties properties,
            ObjectProvider<org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
                    registrations) {
        this.registrations = registrations;
        this.catalog = catalog;
        this.runs = runs;
        this.runAudit = runAudit;
        this.audit = audit;
        this.properties = properties;
    }

    /** The sign-in form, the OpenID Connect providers configured, and why the last sign-in failed. */
    @GetMapping("/login")
    public String login(jakarta.servlet.http.HttpServletRequest request, Model model) {
        java.util.List<java.util.Map<String, String>> providers = new java.util.ArrayList<>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all)
            for (Object r : all)
                if (r instanceof org.springframework.security.oauth2.client.registration.ClientRegistration c)
                    providers.add(java.util.Map.of("id", c.getRegistrationId(), "name", c.getClientName()));
        model.addAttribute("providers", providers);
        var session = request.getSession(false);
        Object failure = session == null
                ? null
                : session.getAttribute(org.springframework.security.web.WebAttributes.AUTHENTICATION_EXCEPTION);
        model.addAttribute(
                "failure",
                failure instanceof Exception e && request.getParameter("error") != null ? e.getMessage() : "");
        return "login";
    }

    @GetMapping("/topology")
    public String topology() {
        return "topology";
    }

    @GetMapping("/services/{service}")
    public String service(@PathVariable String service, Model model) {
        model.addAttribute("service", service);
        return "service";
    }

    @GetMapping("/traces/{traceId}")
    public String trace(@PathVariable String traceId, Model model) {
        model.addAttribute("traceId", traceId);
        return "trace";
    }

    /** The request a CAT message (e.g. a problem's sample) belongs to. */
    @GetMapping("/traces/message/{messageId}")
    public String traceOfMessage(@PathVariable String messageId, Model model) {
        model.addAttribute("traceId", "message:" + messageId);
        return "trace";
    }

    @GetMapping("/silences")
    public String silences() {
        return "silences";
    }

    @GetMapping("/rules")
    public String rules() {
        return "rules";
    }

    @GetMapping("/runbooks")
    public String runbooks(Model model) throws IOException {
        model.addAttribute("catalog", catalog.get());
        model.addAttribute("runs", runs.recent(100));
        model.addAttribute("paused", runs.paused());
        return "runbooks";
    }

    @GetMapping("/runbooks/runs/{id}")
    public String run(@PathVariable String id, Model model) throws IOException {
        var run = runs.read(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No run " + id))
                .run();
        model.addAttribute("run", run);
        model.addAttribute("runbook", catalog.get().runbooks().get(run.runbookId()));
        model.addAttribute("audit", runAudit.of(id));
        return "run";
    }

    @GetMapping("/audit")
    public String audit(@RequestParam(defaultValue = "") String actor, Model model) throws IOException {
        model.addAttribute("actor", actor.strip());
        model.addAttribute("entries", audit.recent(actor.strip(), 200));
        return "audit";
    }

    @GetMapping("/settings")
    public String settings(Model model) {
        model.addAttribute("users", properties.users());
        model.addAttribute("tokens", properties.apiTokens());
        return "settings";
    }
}
