package io.outrider.dedup.spring;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Impact;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.correlate.CallGraph;
import io.outrider.dedup.correlate.CorrelatorTraining;
import io.outrider.dedup.correlate.Deduplicator;
import io.outrider.dedup.correlate.IncidentBook;
import io.outrider.dedup.correlate.TrainingPair;
import io.outrider.dedup.impact.ImpactMeter;
import io.outrider.dedup.rca.IncidentLocalizer;
import io.outrider.dedup.store.FeedbackStore;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident book with its store and its events: every change is written to Elasticsearch (optimistic
 * concurrency; on a conflict the incident is read back and the change applied again) and published on
 * {@code outrider.incidents}, keyed by unit. Merges and splits are feedback: their labels are stored and the
 * learned correlator retrained on them. Open incidents get their root cause ranked again on a schedule
 * ({@link #localizeOpen}).
 */
public final class IncidentService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);

    private final IncidentBook book;
    private final IncidentStore store;
    private final CorrelatorTraining training;
    private final FeedbackStore feedback;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final @Nullable IncidentLocalizer localizer;
    private final @Nullable ImpactMeter impact;
    private final Supplier<CallGraph> graph;
    /** The partitions of {@code outrider.alerts} this instance correlates; null until the group assigns them. */
    private volatile @Nullable Set<Integer> ownPartitions;

    IncidentService(
            IncidentBook book,
            IncidentStore store,
            CorrelatorTraining training,
            FeedbackStore feedback,
            KafkaClientSettings kafka,
            @Nullable IncidentLocalizer localizer,
            @Nullable ImpactMeter impact,
            Supplier<CallGraph> graph,
            Clock clock) {
        this.book = book;
        this.localizer = localizer;
        this.impact = impact;
        this.graph = graph;
        this.store = store;
        this.training = training;
        this.feedback = feedback;
        this.clock = clock;
        this.producer =
                new KafkaProducer<>(kafka.producer("incidents"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads the open incidents back (after a restart). */
    void restore() {
        try {
            book.restore(store.open(10_000));
        } catch (IOException | RuntimeException e) {
            log.warn("Open incidents not read back ({}); correlation starts from none", e.toString());
        }
    }

    /**
     * The correlator was given these partitions of {@code outrider.alerts} (at start, and when another instance
     * left or joined): reads the open incidents back, so that the alerts of a unit another instance correlated
     * until now join its incidents instead of opening new ones, and ranks only the incidents of these units.
     */
    void taking(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
        Set<Integer> numbers = new java.util.HashSet<>();
        for (var partition : partitions) numbers.add(partition.partition());
        ownPartitions = Set.copyOf(numbers);
        restore();
        log.info("Correlating partitions {} of {}", new java.util.TreeSet<>(numbers), OutriderTopics.ALERTS);
    }

    /** Whether this instance correlates the unit's alerts (its key's partition is one of this instance's). */
    boolean correlates(String unit) {
        Set<Integer> own = ownPartitions;
        if (own == null) return true; // not part of the group (yet): rank everything it holds
        int count = producer.partitionsFor(OutriderTopics.ALERTS).size();
        byte[] key = unit.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // the producer's default partitioner for keyed records
        return own.contains(
                org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                        % count);
    }

    void accept(Alert alert) throws IOException {
        acceptAll(List.of(alert));
    }

    /**
     * Folds a batch of alerts into incidents, then stores each incident it changed once, in one bulk request, and
     * publishes them: a storm of alerts costs a request per batch, not one per alert.
     */
    void acceptAll(List<Alert> alerts) throws IOException {
        Map<String, Incident> changed = new LinkedHashMap<>();
        Map<String, List<Placed>> placedIn = new LinkedHashMap<>();
        for (Alert alert : alerts) keep(alert, book.accept(alert), changed, placedIn);
        List<Incident> lost = store.saveAll(changed.values());
        for (int attempt = 1; !lost.isEmpty(); attempt++) {
            if (attempt > WRITE_ATTEMPTS)
                throw new IOException(
                        "incidents " + lost.stream().map(Incident::id).toList() + " changed by other writers "
                                + WRITE_ATTEMPTS + " times in a row; the batch is read again");
            // another writer (a person on another instance, a run's progress, this instance's root-cause ranking)
            // changed them first: place this batch's alerts onto their version rather than write ours over it
            List<Placed> again = new ArrayList<>();
            for (Incident incident : lost) {
                store.read(incident.id()).ifPresent(theirs -> book.restore(List.of(theirs)));
                List<Placed> placed = placedIn.remove(incident.id());
                if (placed != null) again.addAll(placed);
                changed.remove(incident.id());
            }
            Map<String, Incident> replaced = new LinkedHashMap<>();
            for (Placed placed : again)
                keep(placed.alert(), book.again(placed.alert(), placed.outcome()), replaced, placedIn);
            changed.putAll(replaced);
            lost = store.saveAll(replaced.values());
        }
        for (Incident incident : changed.values()) publish(incident);
    }

    /** An alert event placed in an incident, with what its deduplication said. */
    private record Placed(Alert alert, Deduplicator.Outcome outcome) {}

    private static void keep(
            Alert alert,
            IncidentBook.Result result,
            Map<String, Incident> changed,
            Map<String, List<Placed>> placedIn) {
        Incident incident = result.incident();
        if (incident == null || result.outcome() == Deduplicator.Outcome.DUPLICATE) return;
        changed.remove(incident.id()); // keep the order of last change
        changed.put(incident.id(), incident);
        placedIn.computeIfAbsent(incident.id(), id -> new ArrayList<>()).add(new Placed(alert, result.outcome()));
    }

    public Incident transition(String id, IncidentStatus next, String by) throws IOException {
        return apply(id, () -> book.transition(id, next, by, clock.instant()));
    }

    Incident note(String id, String text, String by) throws IOException {
        return apply(id, () -> book.update(id, i -> i.withNote(text, by, clock.instant())));
    }

    /**
     * Adds what happened elsewhere (a runbook run's progress) to an incident this instance correlates, saves and
     * publishes it.
     *
     * @throws IllegalArgumentException when this instance does not hold it
     */
    public Incident record(String id, String kind, String text) throws IOException {
        return apply(id, () -> book.update(id, i -> i.withEvent(kind, text, clock.instant())));
    }

    Incident assign(String id, String to, String by) throws IOException {
        return apply(id, () -> book.update(id, i -> i.assignedTo(to, by, clock.instant())));
    }

    Incident snooze(String id, java.time.Duration length, String by) throws IOException {
        Instant now = clock.instant();
        return apply(id, () -> book.update(id, i -> i.snoozed(now.plus(length), by, now)));
    }

    /** Triggers again the snoozed incidents whose snooze is over; returns how many. */
    int wakeSnoozed() {
        Instant now = clock.instant();
        int woken = 0;
        for (Incident incident : book.incidents()) {
            if (!incident.snoozeEnded(now)) continue;
            try {
                apply(incident.id(), () -> book.update(incident.id(), i -> i.snoozeEnded(now) ? i.wake(now) : i));
                woken++;
            } catch (IOException | RuntimeException e) {
                log.warn("Snooze of {} not ended ({}); tried again next time", incident.id(), e.toString());
            }
        }
        return woken;
    }

    Incident merge(String from, String into, String by) throws IOException {
        IncidentBook.Merge merge = book.merge(from, into, by, clock.instant());
        store(merge.into());
        Incident source = book.incident(from);
        if (source != null) store(source);
        learn(merge.feedback());
        return merge.into();
    }

    IncidentBook.Split split(String id, Set<String> fingerprints, String by) throws IOException {
        IncidentBook.Split split = book.split(id, fingerprints, by, clock.instant());
        store(split.remaining());
        store(split.split());
        learn(split.feedback());
        return split;
    }

    /** Stores the labels of a merge or split, then retrains the learned correlator on them. */
    private void learn(List<TrainingPair> pairs) {
        try {
            feedback.append(pairs, clock.instant());
        } catch (IOException | RuntimeException e) {
            log.warn("Feedback labels not stored ({}); the model learns them until the next restart", e.toString());
        }
        training.learn(pairs);
    }

    /**
     * Ranks the root cause of every open incident this instance correlates (its units' incidents) again, on the
     * series as they are now, and measures its business impact; saves and publishes those whose ranking or impact
     * changed.
     *
     * @return how many incidents got a new ranking
     */
    int localizeOpen() {
        if (localizer == null) return 0;
        CallGraph calls = graph.get();
        int changed = 0;
        Collection<Incident> all = book.incidents();
        for (Incident incident : all) {
            if (!incident.status().open() || !correlates(incident.unit())) continue;
            RootCause ranked;
            try {
                ranked = localizer.localize(incident, calls, clock.instant(), all);
            } catch (IOException | RuntimeException e) {
                log.warn("Root cause of {} not ranked ({}); it keeps its last ranking", incident.id(), e.toString());
                continue;
            }
            Incident updated = sameRanking(incident.rootCause(), ranked) ? null : book.rank(incident.id(), ranked);
            if (impact != null)
                try {
                    Impact measured = impact.measure(incident, clock.instant());
                    Impact before = incident.impact();
                    if (before == null || !ImpactMeter.same(before, measured)) {
                        Incident withImpact = book.measure(incident.id(), measured);
                        if (withImpact != null) updated = withImpact;
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn(
                            "Impact of {} not measured ({}); it keeps its last measurement",
                            incident.id(),
                            e.toString());
                }
            if (updated == null) continue;
            Incident withRanking = updated;
            try {
                // on a conflict, the ranking and impact go onto the other writer's version
                apply(incident.id(), () -> {
                    Incident current = book.incident(incident.id());
                    if (current == null || current == withRanking) return withRanking; // the book holds it as ranked
                    Incident redone = current;
                    RootCause rootCause = withRanking.rootCause();
                    Incident again = rootCause == null ? null : book.rank(incident.id(), rootCause);
                    if (again != null) redone = again;
                    Impact measured = withRanking.impact();
                    again = measured == null ? null : book.measure(incident.id(), measured);
                    return again != null ? again : redone;
                });
                changed++;
            } catch (IOException | RuntimeException e) {
                log.warn("Root cause of {} not saved ({}); ranked again next time", incident.id(), e.toString());
            }
        }
        return changed;
    }

    /** Whether a new ranking says nothing new: the same suspects in the same order, scores within 10%. */
    static boolean sameRanking(@Nullable RootCause before, RootCause now) {
        if (before == null) return now.ranking().isEmpty();
        List<RootCause.Suspect> a = before.ranking();
        List<RootCause.Suspect> b = now.ranking();
        int n = Math.min(SHOWN, Math.max(a.size(), b.size()));
        if (a.size() < n || b.size() < n) return false;
        for (int i = 0; i < n; i++) {
            if (!a.get(i).service().equals(b.get(i).service())) return false;
            double x = a.get(i).score();
            double y = b.get(i).score();
            if (Math.abs(x - y) > 0.1 * Math.max(Math.abs(x), Math.abs(y))) return false;
        }
        return true;
    }

    /** Suspects whose order and scores matter for "changed". */
    private static final int SHOWN = 5;

    CorrelatorTraining training() {
        return training;
    }

    public Optional<Incident> find(String id) throws IOException {
        Incident held = book.incident(id);
        return held != null ? Optional.of(held) : store.read(id);
    }

    IncidentStore store() {
        return store;
    }

    /** How often a change is applied again on another writer's newer version before it gives up. */
    static final int WRITE_ATTEMPTS = 3;

    /**
     * Makes a change to the book's incident {@code id} and stores it. When another writer stored a newer version
     * first (another instance correlating or ranking it, a person acting through another instance), that version is
     * read back into the book and the change made again on it: what the other wrote is never overwritten. An incident
     * of a unit another instance correlates (a person acting through this one) is read from the store first.
     */
    private Incident apply(String id, java.util.function.Supplier<Incident> change) throws IOException {
        if (book.incident(id) == null) store.read(id).ifPresent(stored -> book.restore(List.of(stored)));
        for (int attempt = 1; ; attempt++) {
            Incident changed = change.get();
            try {
                store.save(changed);
                publish(changed);
                return changed;
            } catch (IncidentStore.ConflictException e) {
                if (attempt == WRITE_ATTEMPTS)
                    throw new IOException(
                            "incident " + id + " changed by other writers " + WRITE_ATTEMPTS
                                    + " times in a row; try again",
                            e);
                store.read(id).ifPresent(theirs -> book.restore(List.of(theirs)));
            }
        }
    }

    /**
     * Stores the result of a merge or split. Their incidents are new or taken over as a whole; on a conflict, the
     * other writer's version is read back first and this one kept (the merge or split decides their alerts).
     */
    private void store(Incident incident) throws IOException {
        try {
            store.save(incident);
        } catch (IncidentStore.ConflictException e) {
            store.read(incident.id());
            store.save(incident);
        }
        publish(incident);
    }

    private void publish(Incident incident) {
        producer.send(new ProducerRecord<>(OutriderTopics.INCIDENTS, incident.unit(), IncidentJson.encode(incident)));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
