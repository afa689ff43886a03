package io.outrider.console.pages;

import io.outrider.console.inbox.InboxController;
import io.outrider.console.incident.IncidentPageController;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page shows in its header: who is signed in and what they may do. */
@ControllerAdvice(
        assignableTypes = {
            ConsolePages.class,
            InboxController.class,
            IncidentPageController.class,
            io.outrider.console.postmortem.PostmortemController.class,
            io.outrider.console.postmortem.AnalyticsController.class,
            io.outrider.console.notify.NotificationsController.class
        })
public class ConsoleModel {

    @ModelAttribute
    public void me(HttpServletRequest request, Model model) {
        Principal user = request.getUserPrincipal();
        model.addAttribute("me", user == null ? "" : user.getName());
        model.addAttribute("canAct", request.isUserInRole("RESPONDER"));
        model.addAttribute("isAdmin", request.isUserInRole("ADMIN"));
    }
}
