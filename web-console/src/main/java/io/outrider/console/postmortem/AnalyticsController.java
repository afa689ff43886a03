package io.outrider.console.postmortem;

import io.outrider.dedup.store.IncidentStore;
import io.outrider.runbooks.run.RunStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The on-call analytics page ({@code /analytics}, charts) and its figures as JSON ({@code /api/analytics}), over the
 * last {@code weeks} weeks (at most the latest {@link #INCIDENTS} incidents and {@link #RUNS} runs).
 */
@Controller
public class AnalyticsController {

    static final int INCIDENTS = 5000;
    static final int RUNS = 2000;

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final IncidentStore incidents;
    private final RunStore runs;
    private final OnCallAnalytics.WorkingHours hours;
    private final Clock clock;

    public AnalyticsController(
            IncidentStore incidents, RunStore runs, OnCallAnalytics.WorkingHours hours, Clock clock) {
        this.incidents = incidents;
        this.runs = runs;
        this.hours = hours;
        this.clock = clock;
    }

    private OnCallAnalytics.Report report(int weeks) throws IOException {
        if (weeks < 1 || weeks > 52) throw new IllegalArgumentException("weeks " + weeks + " is not within 1..52");
        return OnCallAnalytics.of(
                incidents.latest("", INCIDENTS),
                runs.recent(RUNS),
                hours,
                clock.instant().minus(Duration.ofDays(7L * weeks)));
    }

    /** The page, with the report also as JSON for its charts (read once, not again by the page's script). */
    @GetMapping("/analytics")
    public String page(@RequestParam(defaultValue = "8") int weeks, Model model) throws IOException {
        OnCallAnalytics.Report report = report(weeks);
        model.addAttribute("weeks", weeks);
        model.addAttribute("report", report);
        // inside <script>: "</" would end it
        model.addAttribute("reportJson", JSON.writeValueAsString(report).replace("</", "<\\/"));
        model.addAttribute("hours", hours);
        return "analytics";
    }

    @GetMapping("/api/analytics")
    @ResponseBody
    public OnCallAnalytics.Report api(@RequestParam(defaultValue = "8") int weeks) throws IOException {
        return report(weeks);
    }
}
