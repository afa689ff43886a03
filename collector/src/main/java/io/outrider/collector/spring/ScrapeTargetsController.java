package io.outrider.collector.spring;

import io.outrider.collector.prometheus.PrometheusScraper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/collector/scrape-targets}: each Prometheus target and how its last scrape went. */
@RestController
class ScrapeTargetsController {

    private final PrometheusScraper scraper;

    ScrapeTargetsController(PrometheusScraper scraper) {
        this.scraper = scraper;
    }

    @GetMapping("/api/collector/scrape-targets")
    List<Map<String, Object>> targets() {
        return scraper.targets().stream()
                .map(t -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("job", t.target().job());
                    out.put("instance", t.target().instance());
                    out.put("url", t.target().url().toString());
                    out.put("labels", t.target().labels());
                    out.put("health", t.health());
                    out.put("lastScrape", t.lastScrapeMillis());
                    out.put("lastDurationSeconds", t.lastDurationSeconds());
                    out.put("lastSamples", t.lastSamples());
                    out.put("lastError", t.lastError());
                    return out;
                })
                .toList();
    }
}
