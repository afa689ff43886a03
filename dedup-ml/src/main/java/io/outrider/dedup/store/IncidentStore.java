package io.outrider.dedup.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incidents in Elasticsearch, one document each in {@code outrider-incidents}. A write names the sequence number
 * and primary term it last saw ({@code if_seq_no}/{@code if_primary_term}), so two writers cannot overwrite each
 * other unseen: the loser gets {@link ConflictException} and rereads. Writes wait for the refresh, so reads see them.
 */
public final class IncidentStore {

    public static final String INDEX = "outrider-incidents";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Another writer changed the incident since it was read. */
    public static final class ConflictException extends IOException {
        public ConflictException(String id) {
            super("incident " + id + " was changed by another writer; read it again");
        }
    }

    private record Version(long seqNo, long primaryTerm) {}

    private final ElasticsearchClient elasticsearch;
    private final Map<String, Version> versions = new ConcurrentHashMap<>();

    public IncidentStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-incidents", List.of(INDEX), 100, IncidentStore.class, "incidents-template.json");
    }

    @SuppressWarnings("unchecked")
    public void save(Incident incident) throws IOException {
        Map<String, Object> doc = JSON.convertValue(IncidentJson.toNode(incident), Map.class);
        Version seen = versions.get(incident.id());
        IndexResponse response;
        try {
            response = elasticsearch.index(i -> {
                i.index(INDEX).id(incident.id()).document(doc).refresh(Refresh.WaitFor);
                if (seen != null) i.ifSeqNo(seen.seqNo()).ifPrimaryTerm(seen.primaryTerm());
                else i.opType(co.elastic.clients.elasticsearch._types.OpType.Create);
                return i;
            });
        } catch (ElasticsearchException | IOException e) {
            if (io.outrider.infra.elasticsearch.VersionConflicts.is(e)) {
                versions.remove(incident.id());
                throw new ConflictException(incident.id());
            }
            throw e;
        }
        Long seqNo = response.seqNo();
        Long primaryTerm = response.primaryTerm();
        if (seqNo != null && primaryTerm != null) versions.put(incident.id(), new Version(seqNo, primaryTerm));
    }

    /**
     * Saves several incidents in one bulk request, each with the same optimistic concurrency as {@link #save}, and
     * waits once for them to be searchable. An alert storm changes many incidents in one batch of the correlator:
     * one request and one refresh instead of one each.
     *
     * @return the incidents another writer changed first (not saved; read them and save again)
     */
    @SuppressWarnings("unchecked")
    public List<Incident> saveAll(java.util.Collection<Incident> incidents) throws IOException {
        if (incidents.isEmpty()) return List.of();
        List<Incident> order = List.copyOf(incidents);
        co.elastic.clients.elasticsearch.core.BulkRequest.Builder bulk =
                new co.elastic.clients.elasticsearch.core.BulkRequest.Builder().refresh(Refresh.WaitFor);
        for (Incident incident : order) {
            Map<String, Object> doc = JSON.convertValue(IncidentJson.toNode(incident), Map.class);
            Version seen = versions.get(incident.id());
            // an incident this store never read or wrote is created: if it exists, that is a conflict, not a
            // licence to write over what another writer stored
            if (seen == null)
                bulk.operations(
                        o -> o.create(c -> c.index(INDEX).id(incident.id()).document(doc)));
            else
                bulk.operations(o -> o.index(i -> i.index(INDEX)
                        .id(incident.id())
                        .document(doc)
                        .ifSeqNo(seen.seqNo())
                        .ifPrimaryTerm(seen.primaryTerm())));
        }
        var response = elasticsearch.bulk(bulk.build());
        List<Incident> conflicts = new ArrayList<>();
        for (int n = 0; n < order.size(); n++) {
            var item = response.items().get(n);
            Incident incident = order.get(n);
            if (item.error() == null) {
                Long seqNo = item.seqNo();
                Long primaryTerm = item.primaryTerm();
                if (seqNo != null && primaryTerm != null) versions.put(incident.id(), new Version(seqNo, primaryTerm));
            } else if (item.status() == 409) {
                versions.remove(incident.id());
                conflicts.add(incident);
            } else
                throw new IOException("incident " + incident.id() + " not stored: "
                        + item.error().reason());
        }
        return conflicts;
    }

    @SuppressWarnings("unchecked")
    public Optional<Incident> read(String id) throws IOException {
        co.elastic.clients.elasticsearch.core.GetResponse<Map> response;
        try {
            response = elasticsearch.get(g -> g.index(INDEX).id(id), Map.class);
        } catch (ElasticsearchException e) {
            if (e.status() == 404) return Optional.empty(); // no incident was ever stored: no index yet
            throw e;
        }
        if (!response.found() || response.source() == null) return Optional.empty();
        if (response.seqNo() != null && response.primaryTerm() != null)
            versions.put(id, new Version(response.seqNo(), response.primaryTerm()));
        return Optional.of(IncidentJson.fromNode(JSON.valueToTree(response.source())));
    }

    /** The query for incidents not resolved or merged. */
    private static co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch._types.query_dsl.Query> open(
            co.elastic.clients.elasticsearch._types.query_dsl.Query.Builder q) {
        return q.bool(b -> b.mustNot(m -> m.terms(t -> t.field("status")
                .terms(v -> v.value(List.of(
                        co.elastic.clients.elasticsearch._types.FieldValue.of("resolved"),
                        co.elastic.clients.elasticsearch._types.FieldValue.of("merged")))))));
    }

    /** Incidents not resolved or merged, newest first (the correlator's state after a restart). */
    public List<Incident> open(int max) throws IOException {
        List<Incident> incidents = new ArrayList<>();
        for (var hit : newest(IncidentStore::open, max, null)) {
            if (hit.source() == null || hit.id() == null) continue;
            if (hit.seqNo() != null && hit.primaryTerm() != null)
                versions.put(hit.id(), new Version(hit.seqNo(), hit.primaryTerm()));
            incidents.add(IncidentJson.fromNode(JSON.valueToTree(hit.source())));
        }
        return incidents;
    }

    /**
     * Summaries of the latest incidents, newest update first: the open ones when {@code status} is {@code open},
     * else those of one status, or all when it is empty. Only the summary's fields are read.
     */
    public List<io.outrider.core.incident.IncidentSummary> summaries(String status, int size) throws IOException {
        List<io.outrider.core.incident.IncidentSummary> out = new ArrayList<>();
        for (var hit : newest(
                q -> status.equals("open") ? open(q) : ofStatus(q, status),
                size,
                io.outrider.core.incident.IncidentSummary.FIELDS))
            if (hit.source() != null)
                out.add(io.outrider.core.incident.IncidentSummary.fromNode(JSON.valueToTree(hit.source())));
        return out;
    }

    /** The latest incidents, newest first, optionally of one status. */
    public List<Incident> latest(String status, int size) throws IOException {
        List<Incident> incidents = new ArrayList<>();
        for (var hit : newest(q -> ofStatus(q, status), size, null))
            if (hit.source() != null) incidents.add(IncidentJson.fromNode(JSON.valueToTree(hit.source())));
        return incidents;
    }

    /** Those of one status; all when it is empty. */
    private static co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch._types.query_dsl.Query>
            ofStatus(co.elastic.clients.elasticsearch._types.query_dsl.Query.Builder q, String status) {
        return status.isEmpty()
                ? q.matchAll(m -> m)
                : q.term(t -> t.field("status").value(status));
    }

    /**
     * The incidents a query finds, the latest update first, with their versions; only {@code fields} of each when
     * given.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<co.elastic.clients.elasticsearch.core.search.Hit<Map>> newest(
            java.util.function.Function<
                            co.elastic.clients.elasticsearch._types.query_dsl.Query.Builder,
                            co.elastic.clients.util.ObjectBuilder<
                                    co.elastic.clients.elasticsearch._types.query_dsl.Query>>
                    query,
            int size,
            @org.jspecify.annotations.Nullable List<String> fields)
            throws IOException {
        return elasticsearch
                .search(
                        s -> {
                            s.index(INDEX)
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)
                                    .seqNoPrimaryTerm(true)
                                    .size(size)
                                    .query(query)
                                    .sort(o -> o.field(f -> f.field("updatedAt").order(SortOrder.Desc)));
                            if (fields != null) s.source(src -> src.filter(f -> f.includes(fields)));
                            return s;
                        },
                        Map.class)
                .hits()
                .hits();
    }
}
