package io.outrider.infra.elasticsearch.embedded;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The embedded Elasticsearch could not be prepared or started. The message says what went wrong and what to do;
 * {@link #logFile()} points at the file that holds Elasticsearch's own account, when there is one.
 */
public final class EmbeddedElasticsearchException extends RuntimeException {

    private final @Nullable Path logFile;

    public EmbeddedElasticsearchException(String message, @Nullable Path logFile) {
        super(message);
        this.logFile = logFile;
    }

    public EmbeddedElasticsearchException(String message, @Nullable Path logFile, Throwable cause) {
        super(message, cause);
        this.logFile = logFile;
    }

    public @Nullable Path logFile() {
        return logFile;
    }
}
