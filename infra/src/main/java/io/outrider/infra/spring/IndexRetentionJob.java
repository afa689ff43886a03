package io.outrider.infra.spring;

import io.outrider.infra.elasticsearch.IndexRetention;
import java.io.UncheckedIOException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job that runs {@link IndexRetention}; when Elasticsearch is unreachable it tries again next time. */
@DisallowConcurrentExecution
public class IndexRetentionJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(IndexRetentionJob.class);

    private final IndexRetention retention;

    public IndexRetentionJob(IndexRetention retention) {
        this.retention = retention;
    }

    @Override
    public void execute(JobExecutionContext context) {
        try {
            retention.deleteExpired();
        } catch (UncheckedIOException e) {
            log.warn("Index retention skipped this run: {}; next run at {}", e.getMessage(), context.getNextFireTime());
        }
    }
}
