package io.outrider.dedup.spring;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranks the root cause of the open incidents again (Quartz, every {@code outrider.incidents.localize-interval}), so
 * rankings follow the evidence as minutes close.
 */
@DisallowConcurrentExecution
public class RootCauseJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(RootCauseJob.class);

    private final IncidentService incidents;

    public RootCauseJob(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public void execute(JobExecutionContext context) {
        int woken = incidents.wakeSnoozed();
        if (woken > 0) log.info("{} snoozed incidents triggered again", woken);
        int changed = incidents.localizeOpen();
        if (changed > 0) log.debug("Root cause ranked anew for {} incidents", changed);
    }
}
