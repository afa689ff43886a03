package io.outrider.infra.spring;

import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a failed embedded Elasticsearch start into a short report that says what to do, not a stack trace. */
class EmbeddedElasticsearchFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedElasticsearchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedElasticsearchException cause) {
        String action = cause.logFile() != null
                ? "Read " + cause.logFile() + " for Elasticsearch's own account, fix the cause, and start again. "
                        + "To use an existing cluster instead, set outrider.elasticsearch.uris (OUTRIDER_ELASTICSEARCH_URIS)."
                : "Fix the cause above and start again. To use an existing cluster instead, set outrider.elasticsearch.uris (OUTRIDER_ELASTICSEARCH_URIS).";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
