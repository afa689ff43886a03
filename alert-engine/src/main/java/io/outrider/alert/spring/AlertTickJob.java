package io.outrider.alert.spring;

import io.outrider.alert.eval.AlertEngine;
import io.outrider.alert.rule.RuleCatalog;
import io.outrider.alert.store.SilenceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's clock tick (Quartz, every {@code outrider.alerts.tick-interval}): rereads changed rule files, rereads
 * the silences, then closes the windows that are due and evaluates the rules on them.
 */
@DisallowConcurrentExecution
public class AlertTickJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(AlertTickJob.class);

    private final AlertEngine engine;
    private final RuleCatalog catalog;
    private final SilenceStore silences;

    public AlertTickJob(AlertEngine engine, RuleCatalog catalog, SilenceStore silences) {
        this.engine = engine;
        this.catalog = catalog;
        this.silences = silences;
    }

    @Override
    public void execute(JobExecutionContext context) {
        try {
            if (catalog.reload()) {
                engine.setRules(catalog.current());
                log.info("Alert rules in force: {}", catalog.current().rules().size());
                catalog.errors().forEach(error -> log.warn("Alert rule error: {}", error));
            }
        } catch (UncheckedIOException e) {
            log.warn("Alert rules not reread: {}", e.getMessage());
        }
        try {
            silences.refresh();
        } catch (IOException | RuntimeException e) {
            log.warn("Silences not reread ({}); the last ones read stay in force", e.toString());
        }
        engine.tick();
    }
}
