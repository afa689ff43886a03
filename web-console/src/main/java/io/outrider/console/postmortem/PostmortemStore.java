package io.outrider.console.postmortem;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.VersionConflicts;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Edited postmortems ({@code outrider-postmortems}, one document per incident), saved with optimistic concurrency: two
 * people editing at once cannot overwrite each other unseen (the later save is refused and rereads).
 */
public final class PostmortemStore {

    public static final String INDEX = "outrider-postmortems";

    /**
     * A stored postmortem.
     *
     * @param status draft, in review or final
     * @param version what a save must name to replace it ({@code seqNo:primaryTerm})
     */
    public record Postmortem(
            String incidentId, String markdown, String status, Instant updatedAt, String updatedBy, String version) {}

    /** Someone saved in between. */
    public static final class ConflictException extends IOException {
        public ConflictException(String id) {
            super("the postmortem of " + id + " was saved by someone else meanwhile; reload it and apply your edit");
        }
    }

    public static final List<String> STATUSES = List.of("draft", "in review", "final");

    private final ElasticsearchClient elasticsearch;

    public PostmortemStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                INDEX, List.of(INDEX), 100, PostmortemStore.class, "postmortems-template.json");
    }

    @SuppressWarnings("unchecked")
    public Optional<Postmortem> read(String incidentId) throws IOException {
        var got = elasticsearch.get(g -> g.index(INDEX).id(incidentId), Map.class);
        Map<String, Object> doc = got.source();
        if (!got.found() || doc == null) return Optional.empty();
        return Optional.of(new Postmortem(
                incidentId,
                String.valueOf(doc.get("markdown")),
                String.valueOf(doc.get("status")),
                Instant.parse(String.valueOf(doc.get("updatedAt"))),
                String.valueOf(doc.get("updatedBy")),
                got.seqNo() + ":" + got.primaryTerm()));
    }

    /**
     * Saves a postmortem over the version the editor read ({@code null} or empty: none was stored).
     *
     * @throws ConflictException when another save came in between
     */
    public Postmortem save(
            String incidentId, String markdown, String status, String by, Instant at, @Nullable String version)
            throws IOException {
        if (!STATUSES.contains(status))
            throw new IllegalArgumentException("status " + status + " is none of " + STATUSES);
        if (markdown.isBlank()) throw new IllegalArgumentException("the postmortem is empty");
        Map<String, Object> doc = Map.of(
                "incidentId",
                incidentId,
                "markdown",
                markdown,
                "status",
                status,
                "updatedAt",
                at.toString(),
                "updatedBy",
                by);
        try {
            var response = elasticsearch.index(i -> {
                i.index(INDEX).id(incidentId).document(doc).refresh(Refresh.WaitFor);
                if (version == null || version.isBlank()) i.opType(OpType.Create);
                else {
                    String[] parts = version.split(":");
                    if (parts.length != 2)
                        throw new IllegalArgumentException("version " + version + " is not seqNo:term");
                    i.ifSeqNo(Long.parseLong(parts[0])).ifPrimaryTerm(Long.parseLong(parts[1]));
                }
                return i;
            });
            return new Postmortem(
                    incidentId, markdown, status, at, by, response.seqNo() + ":" + response.primaryTerm());
        } catch (ElasticsearchException | IOException e) {
            if (VersionConflicts.is(e)) throw new ConflictException(incidentId);
            throw e;
        }
    }
}
