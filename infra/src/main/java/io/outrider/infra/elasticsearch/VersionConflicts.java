package io.outrider.infra.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import org.elasticsearch.client.ResponseException;

/**
 * Whether a failed write lost an optimistic-concurrency race (HTTP 409). The Java client reports it as an
 * {@link ElasticsearchException} when it can read the error body, and as the low-level client's
 * {@link ResponseException} (possibly wrapped) when it cannot, e.g. for a conditional write with
 * {@code refresh=wait_for}.
 */
public final class VersionConflicts {

    private VersionConflicts() {}

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException e && e.status() == 409) return true;
            if (t instanceof ResponseException e
                    && e.getResponse().getStatusLine().getStatusCode() == 409) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }
}
