package io.outrider.console.notify;

import io.outrider.console.audit.ConsoleAudit;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The notifications page ({@code /notifications}): each channel with its routing policy, queue, counts and last
 * failure, and the latest deliveries (sent and failed, from the audit); and a test message an admin sends to check a
 * channel ({@code POST /api/notifications/{channel}/test}).
 */
@Controller
public class NotificationsController {

    private final Notifier notifier;
    private final ConsoleAudit audit;

    public NotificationsController(Notifier notifier, ConsoleAudit audit) {
        this.notifier = notifier;
        this.audit = audit;
    }

    @GetMapping("/notifications")
    public String page(Model model) throws IOException {
        model.addAttribute("channels", notifier.status());
        model.addAttribute("deliveries", audit.recent("notify", "", 200));
        return "notifications";
    }

    @GetMapping("/api/notifications")
    @ResponseBody
    public Map<String, Object> status() throws IOException {
        return Map.of("channels", notifier.status(), "deliveries", audit.recent("notify", "", 100));
    }

    @PostMapping("/api/notifications/{channel}/test")
    @ResponseBody
    public ResponseEntity<Map<String, Object>> test(@PathVariable String channel, @Nullable Principal principal) {
        try {
            notifier.test(channel, principal == null ? "unknown" : principal.getName());
            return ResponseEntity.accepted().body(Map.of("queued", channel, "see", "/notifications for the delivery"));
        } catch (NoSuchElementException e) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
