package io.outrider.collector.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.codec.MalformedFrameException;
import io.outrider.collector.cat.codec.Nt1Decoder;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code outrider.spans} in a consumer group and bulk-indexes each batch into the daily span indices, the
 * message id as document id (a replay overwrites, never duplicates). Offsets are committed only after the whole
 * batch is in Elasticsearch. While Elasticsearch is unreachable or pushing back (429, 5xx) the batch is retried
 * with growing pauses (at most 5 s), the consumer paused but alive in its group; documents Elasticsearch refuses for good (4xx)
 * go to the dead-letter topic instead of blocking the rest. {@code workers} consumers of the group run side by
 * side, each on its own partitions, so that several bulks are in flight at once.
 */
public final class SpanIndexWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpanIndexWriter.class);
    public static final String GROUP = "outrider-span-writer";
    /** The longest pause between attempts: Elasticsearch back is indexed into within this. */
    static final long MAX_BACKOFF_MS = 5_000;

    private final ElasticsearchClient elasticsearch;
    private final Consumer<IngestSink.DeadLetter> deadLetters;
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong bulkNanos = new AtomicLong();
    private final AtomicLong bulks = new AtomicLong();
    private volatile boolean running = true;

    /** Reads {@code outrider.spans} as group {@value #GROUP}. */
    public SpanIndexWriter(
            ElasticsearchClient elasticsearch,
            KafkaClientSettings kafka,
            Consumer<IngestSink.DeadLetter> deadLetters,
            int maxBatch,
            int workers) {
        this(elasticsearch, kafka, deadLetters, maxBatch, workers, OutriderTopics.SPANS, GROUP);
    }

    public SpanIndexWriter(
            ElasticsearchClient elasticsearch,
            KafkaClientSettings kafka,
            Consumer<IngestSink.DeadLetter> deadLetters,
            int maxBatch,
            int workers,
            String topic,
            String group) {
        if (workers < 1) throw new IllegalArgumentException("workers < 1: " + workers);
        this.elasticsearch = elasticsearch;
        this.deadLetters = deadLetters;
        for (int i = 0; i < workers; i++) {
            Map<String, Object> config = kafka.consumer(group);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, config.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-" + i);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
            this.workers.add(new Worker(
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()), topic, i));
        }
    }

    public SpanIndexWriter start() {
        for (Worker worker : workers) worker.start();
        return this;
    }

    /** @param document the JSON, serialized once here rather than by the client for every attempt */
    private record Pending(String index, String id, BinaryData document, byte[] record) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One consumer of the group and its thread. */
    private final class Worker {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String topic;
        private final Thread thread;
        private final Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
        private volatile double lag;

        Worker(KafkaConsumer<String, byte[]> consumer, String topic, int index) {
            this.consumer = consumer;
            this.topic = topic;
            this.thread = Thread.ofPlatform().name("span-index-writer-" + index).unstarted(this::run);
        }

        void start() {
            consumer.subscribe(List.of(topic));
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    lag = maxLag();
                    if (records.isEmpty()) continue;
                    List<Pending> batch = new ArrayList<>(records.count());
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        offsets.put(
                                new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                        try {
                            MessageTree tree = decoder.decode(ByteBuffer.wrap(record.value()));
                            batch.add(new Pending(
                                    SpanDocument.index(tree),
                                    tree.messageId(),
                                    BinaryData.of(
                                            JSON.writeValueAsBytes(SpanDocument.of(tree)),
                                            ContentType.APPLICATION_JSON),
                                    record.value()));
                        } catch (MalformedFrameException e) {
                            deadLetter(
                                    "undecodable span record at " + record.topic() + "/" + record.partition() + "@"
                                            + record.offset() + ": " + e.getMessage(),
                                    record.value());
                        }
                    }
                    writeUntilDone(batch);
                    if (running) commit(offsets);
                }
            } catch (WakeupException stopping) {
                // close() woke the poll
            } catch (RuntimeException e) {
                log.error("The span index writer stopped: {}", e.toString(), e);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /**
         * Commits the batch. A rebalance may have moved a partition away meanwhile: its new owner reads the batch
         * again and overwrites the same documents, so the worker goes on instead of stopping.
         */
        private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            try {
                consumer.commitSync(offsets);
            } catch (CommitFailedException | RebalanceInProgressException moved) {
                log.info("Offsets not committed after a rebalance ({}); the new owner rewrites them", moved.toString());
            }
        }

        /** Writes the batch; retries what failed for passing reasons until it is in or the writer stops. */
        private void writeUntilDone(List<Pending> batch) {
            List<Pending> todo = batch;
            long backoffMs = 200;
            while (!todo.isEmpty() && running) {
                todo = writeOnce(todo);
                if (todo.isEmpty()) break;
                retries.incrementAndGet();
                consumer.pause(consumer.assignment());
                sleepKeepingMembership(backoffMs);
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
            consumer.resume(consumer.paused());
        }

        /**
         * Polls (paused) so that the group keeps the worker. Partitions a rebalance hands over meanwhile arrive
         * unpaused: what they return is put back (seek to its first offset) and they are paused too, so no record
         * is skipped.
         */
        private void sleepKeepingMembership(long ms) {
            long until = System.currentTimeMillis() + ms;
            while (running && System.currentTimeMillis() < until) {
                ConsumerRecords<String, byte[]> early = consumer.poll(
                        Duration.ofMillis(Math.min(200, Math.max(1, until - System.currentTimeMillis()))));
                for (TopicPartition partition : early.partitions())
                    consumer.seek(partition, early.records(partition).getFirst().offset());
                consumer.pause(consumer.assignment());
            }
        }

        /** The consumer's own lag figure; read on the worker's thread, since a consumer is single-threaded. */
        private double maxLag() {
            for (var metric : consumer.metrics().entrySet()) {
                if (metric.getKey().name().equals("records-lag-max")) {
                    Object value = metric.getValue().metricValue();
                    if (value instanceof Double d && !d.isNaN()) return d;
                }
            }
            return 0;
        }

        void close() {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One bulk request; returns what must be tried again. */
    private List<Pending> writeOnce(List<Pending> batch) {
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (Pending p : batch)
            bulk.operations(op -> op.index(i -> i.index(p.index()).id(p.id()).document(p.document())));
        long start = System.nanoTime();
        BulkResponse response;
        try {
            response = elasticsearch.bulk(bulk.build());
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException refused) {
            if (refused.status() == 429 || refused.status() >= 500) {
                log.warn(
                        "Elasticsearch pushed back on a bulk of {} spans ({}); retrying",
                        batch.size(),
                        refused.status());
                return batch;
            }
            // refused for good: retrying would stall the partition forever
            rejected.addAndGet(batch.size());
            for (Pending p : batch)
                deadLetter(
                        "Elasticsearch refused the bulk (" + refused.status() + "): " + refused.getMessage(),
                        p.record());
            return List.of();
        } catch (java.io.IOException | RuntimeException unreachable) {
            log.warn(
                    "Elasticsearch did not take a bulk of {} spans ({}); retrying",
                    batch.size(),
                    unreachable.toString());
            return batch;
        } finally {
            bulkNanos.addAndGet(System.nanoTime() - start);
            bulks.incrementAndGet();
        }
        List<Pending> again = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null) {
                indexed.incrementAndGet();
            } else if (item.status() == 429 || item.status() >= 500) {
                again.add(batch.get(i));
            } else {
                rejected.incrementAndGet();
                deadLetter(
                        "Elasticsearch refused span " + item.id() + " (" + item.status() + "): "
                                + item.error().reason(),
                        batch.get(i).record());
            }
        }
        return again;
    }

    private void deadLetter(String reason, byte[] record) {
        byte[] head = java.util.Arrays.copyOf(record, Math.min(record.length, IngestSink.DeadLetter.MAX_HEAD));
        deadLetters.accept(new IngestSink.DeadLetter(
                "span-index-writer", "span-index-writer", reason, record.length, head, System.currentTimeMillis()));
    }

    /** Records of {@code outrider.spans} not yet read by this writer, at the most lagging partition. */
    public double lag() {
        return workers.stream().mapToDouble(w -> w.lag).max().orElse(0);
    }

    public long indexed() {
        return indexed.get();
    }

    public long retries() {
        return retries.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Mean bulk latency so far, in seconds. */
    public double meanBulkSeconds() {
        long n = bulks.get();
        return n == 0 ? 0 : bulkNanos.get() / 1e9 / n;
    }

    @Override
    public void close() {
        running = false;
        for (Worker worker : workers) worker.close();
    }
}
