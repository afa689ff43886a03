package io.outrider.runbooks.spring;

import io.outrider.runbooks.run.RunbookExecutor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Advances the active runs (Quartz, every {@code outrider.runbooks.tick-interval}): deadlines, steps, holds. */
@DisallowConcurrentExecution
public class RunbookTickJob implements Job {

    private final RunbookExecutor executor;

    public RunbookTickJob(RunbookExecutor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(JobExecutionContext context) {
        executor.tick();
    }
}
