package io.outrider.runbooks.run;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs in Elasticsearch ({@value #INDEX}), one document each, written with optimistic concurrency: a write names
 * the version it read ({@code if_seq_no}/{@code if_primary_term}), so of two executors that read one run only one
 * can write its next state; the other gets {@link ConflictException} and leaves the run alone. Searches (the runs in
 * some states) see a state change within the index's refresh interval; reads by id see it at once.
 */
public final class RunStore {

    public static final String INDEX = "outrider-runbook-runs";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Another executor changed the run since it was read. */
    public static final class ConflictException extends IOException {
        ConflictException(String id) {
            super("run " + id + " was changed by another executor");
        }
    }

    /** A run and the version it was read at. */
    public record Versioned(Run run, long seqNo, long primaryTerm) {}

    /** The id of the automation-pause document among the locks. */
    private static final String PAUSE = "_automation-pause";

    /** How long a lock whose run was never stored holds its target (its proposer died between the two writes). */
    static final java.time.Duration ORPHAN_LOCK = java.time.Duration.ofMinutes(1);

    private final ElasticsearchClient elasticsearch;
    private final String index;
    private final String locks;

    public RunStore(ElasticsearchClient elasticsearch) {
        this(elasticsearch, INDEX);
    }

    /** A store on another index (tests); its locks in {@code INDEX-locks}. */
    public RunStore(ElasticsearchClient elasticsearch, String index) {
        this.elasticsearch = elasticsearch;
        this.index = index;
        this.locks = index.replace("outrider-runbook-runs", "outrider-runbook-locks");
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(INDEX, List.of(INDEX + "*"), 100, RunStore.class, "runs-template.json");
    }

    /**
     * Takes the target for a run: one lock document per target ({@code outrider-runbook-locks}, id = target),
     * created only if absent, or taken over with optimistic concurrency from a run that has ended (or that was never
     * stored, after {@link #ORPHAN_LOCK}). Writes and reads by id are real-time, so two executors proposing for one
     * target at once cannot both get it.
     *
     * @return empty when taken; else the id of the active run that holds the target
     */
    @SuppressWarnings("unchecked")
    public Optional<String> lock(String target, String runId) throws IOException {
        Map<String, Object> doc = Map.of("target", target, "runId", runId, "lockedAt", System.currentTimeMillis());
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                elasticsearch.index(i -> i.index(locks).id(target).document(doc).opType(OpType.Create));
                return Optional.empty();
            } catch (ElasticsearchException | IOException e) {
                if (!io.outrider.infra.elasticsearch.VersionConflicts.is(e)) throw e;
            }
            var held = elasticsearch.get(g -> g.index(locks).id(target), Map.class);
            if (!held.found() || held.source() == null) continue; // released meanwhile
            String holder = String.valueOf(held.source().get("runId"));
            Optional<Versioned> run = read(holder);
            if (run.isPresent() && run.get().run().state().active()) return Optional.of(holder);
            // the holder takes the lock before it stores its run: a lock without its run is being proposed right
            // now, unless it is older than a proposal takes (its proposer died in between)
            Object lockedAt = held.source().get("lockedAt");
            if (run.isEmpty()
                    && lockedAt instanceof Number at
                    && System.currentTimeMillis() - at.longValue() < ORPHAN_LOCK.toMillis()) return Optional.of(holder);
            try {
                elasticsearch.index(i -> i.index(locks)
                        .id(target)
                        .document(doc)
                        .ifSeqNo(java.util.Objects.requireNonNull(held.seqNo()))
                        .ifPrimaryTerm(java.util.Objects.requireNonNull(held.primaryTerm())));
                return Optional.empty();
            } catch (ElasticsearchException | IOException e) {
                if (!io.outrider.infra.elasticsearch.VersionConflicts.is(e)) throw e;
            }
        }
        throw new ConflictException("lock of " + target);
    }

    /** Pauses or resumes all automation, for every executor sharing this store. */
    public void setPaused(boolean paused, String by, java.time.Instant at) throws IOException {
        Map<String, Object> doc = Map.of("paused", paused, "by", by, "at", at.toString());
        elasticsearch.index(i -> i.index(locks).id(PAUSE).document(doc));
    }

    /** Whether automation is paused (a real-time read). */
    @SuppressWarnings("unchecked")
    public boolean paused() throws IOException {
        try {
            var state = elasticsearch.get(g -> g.index(locks).id(PAUSE), Map.class);
            return state.found()
                    && state.source() != null
                    && Boolean.TRUE.equals(state.source().get("paused"));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) return false; // no index yet: never paused
            throw e;
        }
    }

    /** Writes a new run; fails if one with its id exists. */
    public Versioned create(Run run) throws IOException {
        return write(run, null);
    }

    /** Writes the next state of a run read at {@code read}; {@link ConflictException} if it changed since. */
    public Versioned update(Versioned read, Run next) throws IOException {
        return write(next, read);
    }

    @SuppressWarnings("unchecked")
    private Versioned write(Run run, @org.jspecify.annotations.Nullable Versioned read) throws IOException {
        Map<String, Object> doc = JSON.convertValue(run, Map.class);
        IndexResponse response;
        try {
            response = elasticsearch.index(i -> {
                i.index(index).id(run.id()).document(doc);
                // reads by id are real-time, so no write waits for a refresh (searches catch up within a second)
                if (read != null) i.ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm());
                else i.opType(OpType.Create);
                return i;
            });
        } catch (ElasticsearchException | IOException e) {
            if (io.outrider.infra.elasticsearch.VersionConflicts.is(e)) throw new ConflictException(run.id());
            throw e;
        }
        return new Versioned(
                run,
                java.util.Objects.requireNonNull(response.seqNo(), "seq_no"),
                java.util.Objects.requireNonNull(response.primaryTerm(), "primary_term"));
    }

    public Optional<Versioned> read(String id) throws IOException {
        var response = elasticsearch.get(g -> g.index(index).id(id), Map.class);
        if (!response.found() || response.source() == null) return Optional.empty();
        return Optional.of(new Versioned(
                JSON.convertValue(response.source(), Run.class),
                java.util.Objects.requireNonNull(response.seqNo()),
                java.util.Objects.requireNonNull(response.primaryTerm())));
    }

    /**
     * Runs in these states, oldest first, each read again by id so that its state and version are the latest (a
     * search sees changes only after the index refreshes).
     */
    public List<Versioned> inStates(List<Run.State> states, int size) throws IOException {
        // runs are written without waiting for a refresh; the tick asks for one (a small index: cheap)
        refresh();
        List<Versioned> out = new ArrayList<>();
        for (Versioned found : searchStates(states, size)) {
            Optional<Versioned> now = read(found.run().id());
            if (now.isPresent() && states.contains(now.get().run().state())) out.add(now.get());
        }
        return out;
    }

    private List<Versioned> searchStates(List<Run.State> states, int size) throws IOException {
        List<co.elastic.clients.elasticsearch._types.FieldValue> values = states.stream()
                .map(s -> co.elastic.clients.elasticsearch._types.FieldValue.of(s.name()))
                .toList();
        var hits = elasticsearch
                .search(
                        s -> s.index(index)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(size)
                                .seqNoPrimaryTerm(true)
                                .query(q -> q.terms(t -> t.field("state").terms(v -> v.value(values))))
                                .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc))),
                        Map.class)
                .hits()
                .hits();
        List<Versioned> out = new ArrayList<>();
        for (var hit : hits)
            if (hit.source() != null)
                out.add(new Versioned(
                        JSON.convertValue(hit.source(), Run.class),
                        java.util.Objects.requireNonNull(hit.seqNo()),
                        java.util.Objects.requireNonNull(hit.primaryTerm())));
        return out;
    }

    /** The runs started for an incident, oldest first (the index refreshed first: a run just proposed is listed). */
    public List<Run> forIncident(String incidentId) throws IOException {
        refresh();
        return search(
                co.elastic.clients.elasticsearch._types.query_dsl.Query.of(
                        q -> q.term(t -> t.field("incidentId").value(incidentId))),
                SortOrder.Asc,
                100);
    }

    /** The latest runs, newest first (the index refreshed first: the hourly cap counts every run). */
    public List<Run> recent(int size) throws IOException {
        refresh();
        return search(
                co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.matchAll(m -> m)),
                SortOrder.Desc,
                size);
    }

    private void refresh() throws IOException {
        elasticsearch
                .indices()
                .refresh(r -> r.index(index).ignoreUnavailable(true).allowNoIndices(true));
    }

    private List<Run> search(
            co.elastic.clients.elasticsearch._types.query_dsl.Query query, SortOrder byCreation, int size)
            throws IOException {
        var hits = elasticsearch
                .search(
                        s -> s.index(index)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(size)
                                .query(query)
                                .sort(o -> o.field(f -> f.field("createdAt").order(byCreation))),
                        Map.class)
                .hits()
                .hits();
        List<Run> out = new ArrayList<>();
        for (var hit : hits) if (hit.source() != null) out.add(JSON.convertValue(hit.source(), Run.class));
        return out;
    }
}
