package io.outrider.alert.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.outrider.alert.silence.LabelMatcher;
import io.outrider.alert.silence.Silence;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Silences in Elasticsearch (index {@code outrider-silences}), so that every instance of the engine applies the same
 * ones and they survive restarts. {@link #refresh()} rereads them (the engine calls it on its tick); the engine
 * reads the cached list. Expiring a silence ends it now; the record stays for the audit.
 */
public final class SilenceStore {

    public static final String INDEX = "outrider-silences";

    private final ElasticsearchClient elasticsearch;
    private final Clock clock;
    private volatile List<Silence> cached = List.of();

    public SilenceStore(ElasticsearchClient elasticsearch, Clock clock) {
        this.elasticsearch = elasticsearch;
        this.clock = clock;
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-silences", List.of(INDEX), 100, SilenceStore.class, "silences-template.json");
    }

    /** Stores a new silence (its id is made here) and returns it. */
    public Silence create(
            List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment)
            throws IOException {
        Silence silence = new Silence(UUID.randomUUID().toString(), matchers, startsAt, endsAt, createdBy, comment);
        save(silence);
        return silence;
    }

    /** Ends a silence now; empty when there is no such silence. */
    public Optional<Silence> expire(String id) throws IOException {
        Optional<Silence> found = read(id);
        if (found.isEmpty()) return found;
        Silence s = found.get();
        Instant now = clock.instant();
        Instant end = now.isBefore(s.endsAt()) ? now : s.endsAt();
        Silence expired = new Silence(
                s.id(),
                s.matchers(),
                s.startsAt().isBefore(end) ? s.startsAt() : end.minusMillis(1),
                end,
                s.createdBy(),
                s.comment());
        save(expired);
        return Optional.of(expired);
    }

    private void save(Silence silence) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(
                "matchers",
                silence.matchers().stream().map(LabelMatcher::toString).toList());
        doc.put("startsAt", silence.startsAt().toString());
        doc.put("endsAt", silence.endsAt().toString());
        doc.put("createdBy", silence.createdBy());
        doc.put("comment", silence.comment());
        doc.put("createdAt", clock.instant().toString());
        elasticsearch.index(i -> i.index(INDEX).id(silence.id()).document(doc).refresh(Refresh.WaitFor));
        refresh();
    }

    /** Every silence stored, latest end first. */
    @SuppressWarnings("unchecked")
    public List<Silence> all() throws IOException {
        var hits = elasticsearch
                .search(
                        s -> s.index(INDEX)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(10_000),
                        Map.class)
                .hits()
                .hits();
        List<Silence> silences = new ArrayList<>();
        for (var hit : hits) {
            Map<String, Object> doc = (Map<String, Object>) hit.source();
            if (doc != null && hit.id() != null) silences.add(silence(hit.id(), doc));
        }
        silences.sort((a, b) -> b.endsAt().compareTo(a.endsAt()));
        return silences;
    }

    /** One silence by its id. */
    @SuppressWarnings("unchecked")
    private Optional<Silence> read(String id) throws IOException {
        co.elastic.clients.elasticsearch.core.GetResponse<Map> response;
        try {
            response = elasticsearch.get(g -> g.index(INDEX).id(id), Map.class);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (e.status() == 404) return Optional.empty(); // no silence was ever made: no index yet
            throw e;
        }
        Map<String, Object> doc = (Map<String, Object>) response.source();
        return response.found() && doc != null ? Optional.of(silence(id, doc)) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Silence silence(String id, Map<String, Object> doc) {
        List<String> matchers = (List<String>) doc.getOrDefault("matchers", List.of());
        return new Silence(
                id,
                matchers.stream().map(LabelMatcher::parse).toList(),
                Instant.parse(String.valueOf(doc.get("startsAt"))),
                Instant.parse(String.valueOf(doc.get("endsAt"))),
                String.valueOf(doc.get("createdBy")),
                String.valueOf(doc.getOrDefault("comment", "")));
    }

    /** Rereads the silences that have not ended. */
    public void refresh() throws IOException {
        Instant now = clock.instant();
        cached = all().stream().filter(s -> s.endsAt().isAfter(now)).toList();
    }

    /** The silences not yet ended as of the last refresh. */
    public List<Silence> current() {
        return cached;
    }
}
