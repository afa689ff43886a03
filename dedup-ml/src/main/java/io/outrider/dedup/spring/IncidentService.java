package io.outrider.dedup.spring;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.dedup.correlate.CorrelatorTraining;
import io.outrider.dedup.correlate.IncidentBook;
import io.outrider.dedup.correlate.TrainingPair;
import io.outrider.dedup.store.FeedbackStore;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident book with its store and its events: every change is written to Elasticsearch (optimistic
 * concurrency; on a conflict the incident is read back and the change applied again) and published on
 * {@code outrider.incidents}, keyed by unit. Merges and splits are feedback: their labels are stored and the
 * learned correlator retrained on them.
 */
final class IncidentService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);

    private final IncidentBook book;
    private final IncidentStore store;
    private final CorrelatorTraining training;
    private final FeedbackStore feedback;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;

    IncidentService(
            IncidentBook book,
            IncidentStore store,
            CorrelatorTraining training,
            FeedbackStore feedback,
            KafkaClientSettings kafka,
            Clock clock) {
        this.book = book;
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

    void accept(Alert alert) throws IOException {
        IncidentBook.Result result = book.accept(alert);
        Incident incident = result.incident();
        if (incident == null || result.outcome() == io.outrider.dedup.correlate.Deduplicator.Outcome.DUPLICATE) return;
        save(incident);
    }

    Incident transition(String id, IncidentStatus next, String by) throws IOException {
        Incident incident = book.transition(id, next, by, clock.instant());
        save(incident);
        return incident;
    }

    Incident merge(String from, String into, String by) throws IOException {
        IncidentBook.Merge merge = book.merge(from, into, by, clock.instant());
        save(merge.into());
        Incident source = book.incident(from);
        if (source != null) save(source);
        learn(merge.feedback());
        return merge.into();
    }

    IncidentBook.Split split(String id, Set<String> fingerprints, String by) throws IOException {
        IncidentBook.Split split = book.split(id, fingerprints, by, clock.instant());
        save(split.remaining());
        save(split.split());
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

    CorrelatorTraining training() {
        return training;
    }

    Optional<Incident> find(String id) throws IOException {
        Incident held = book.incident(id);
        return held != null ? Optional.of(held) : store.read(id);
    }

    IncidentStore store() {
        return store;
    }

    private void save(Incident incident) throws IOException {
        try {
            store.save(incident);
        } catch (IncidentStore.ConflictException e) {
            // another writer got there first: take its version, keep ours on top (ours is the newer state here)
            store.read(incident.id());
            store.save(incident);
        }
        producer.send(new ProducerRecord<>(OutriderTopics.INCIDENTS, incident.unit(), IncidentJson.encode(incident)));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
