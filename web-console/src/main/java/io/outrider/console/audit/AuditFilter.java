package io.outrider.console.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits every change made through the API (every request but GET, HEAD, dry runs and previews, and not the Alertmanager
 * webhook, whose alerts are recorded as alerts): who, what, with which parameters, the status answered. An audit
 * that cannot be written is logged; the action itself stands.
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final ConsoleAudit audit;

    public AuditFilter(ConsoleAudit audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        return !path.startsWith("/api/")
                || method.equals("GET")
                || method.equals("HEAD")
                || method.equals("OPTIONS")
                || path.endsWith("/dry-run")
                || path.endsWith("/preview")
                || path.equals("/api/alertmanager/webhook");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Principal user = request.getUserPrincipal();
            String actor = user != null ? user.getName() : "anonymous";
            String what = request.getMethod() + " " + request.getRequestURI();
            String query = request.getQueryString() == null ? "" : request.getQueryString();
            try {
                audit.record(actor, what, query, response.getStatus());
            } catch (IOException | RuntimeException e) {
                log.warn("Audit of {} by {} not written: {}", what, actor, e.toString());
            }
        }
    }
}
