package io.outrider.dedup.spring;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.dedup.correlate.IncidentBook;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident book with its store and its events: every change is written to Elasticsearch (optimistic
 * concurrency; on a conflict the incident is read back and the change applied again) and published on
 * {@code outrider.incidents}, keyed by unit.
 */
final class IncidentService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);

    private final IncidentBook book;
    private final IncidentStore store;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;

    IncidentService(IncidentBook book, IncidentStore store, KafkaClientSettings kafka, Clock clock) {
        this.book = book;
        this.store = store;
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
        Incident target = book.merge(from, into, by, clock.instant());
        save(target);
        Incident source = book.incident(from);
        if (source != null) save(source);
        return target;
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
