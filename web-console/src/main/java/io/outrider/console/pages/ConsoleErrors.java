package io.outrider.console.pages;

import io.outrider.console.inbox.InboxController;
import io.outrider.console.incident.IncidentPageController;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/** What a page shows when it cannot be drawn: what happened and what to do, not a stack trace. */
@ControllerAdvice(assignableTypes = {ConsolePages.class, InboxController.class, IncidentPageController.class})
public class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(ResponseStatusException.class)
    public String status(ResponseStatusException e, Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(e.getStatusCode().value());
        model.addAttribute("status", e.getStatusCode().value());
        model.addAttribute("message", e.getReason());
        return "error";
    }

    /** Elasticsearch did not answer (or answered an error): the page can be reloaded once it is back. */
    @ExceptionHandler({IOException.class, co.elastic.clients.elasticsearch._types.ElasticsearchException.class})
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    public String storage(Exception e, Model model) {
        log.warn("A console page could not read Elasticsearch: {}", e.toString());
        model.addAttribute("status", 503);
        model.addAttribute(
                "message",
                "Elasticsearch did not answer (" + e.getMessage()
                        + "). Reload the page in a moment; GET /actuator/health shows what is down.");
        return "error";
    }
}
