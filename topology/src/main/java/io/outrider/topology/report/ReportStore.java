package io.outrider.topology.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.outrider.topology.rollup.RollupDocuments;
import java.io.IOException;
import java.time.Instant;

/** A service's reports over any window, merged from the stored minutes (histograms merged, never averaged). */
public final class ReportStore {

    private final ElasticsearchClient elasticsearch;

    public ReportStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** The merged rows of {@code domain}'s minutes starting in {@code [from, to)}. */
    public Report report(String domain, Instant from, Instant to) throws IOException {
        ReportRollup.Rows rows = new ReportRollup.Rows();
        RollupDocuments.entries(elasticsearch, ReportRollup.INDEX_PREFIX, from, to, domain, entry -> {
            if (domain.equals(String.valueOf(entry.get("domain")))) rows.merge(entry);
        });
        return new Report(domain, from, to, rows);
    }

    /** What {@link #report} found. */
    public record Report(String domain, Instant from, Instant to, ReportRollup.Rows rows) {}
}
