package io.outrider.infra.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of some topics on its own thread: each batch goes to the handler, then its offsets are committed. A
 * handler that fails has the batch read again after a pause (nothing is skipped while, say, Elasticsearch is down).
 */
public final class TopicLoop implements AutoCloseable {

    public interface Handler {
        void handle(ConsumerRecords<String, byte[]> records) throws Exception;
    }

    /**
     * Told on the loop's thread, before any of their records are handled, which partitions the group gave this
     * consumer (all of them again after each rebalance): the moment to read back the state another instance kept
     * for them.
     */
    public interface Assigned {
        void assigned(Collection<TopicPartition> partitions) throws Exception;
    }

    /**
     * Told on the loop's thread, at the end of a rebalance, which partitions this consumer had and has no more (given
     * to another instance, or lost with its session): the moment to drop what it kept for them, which another
     * instance now keeps.
     */
    public interface Released {
        void released(Collection<TopicPartition> partitions) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(TopicLoop.class);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean positioned;
    private volatile Released released = partitions -> {};

    public TopicLoop(String name, KafkaClientSettings kafka, String group, List<String> topics, Handler handler) {
        this(name, kafka.consumer(group), topics, handler, partitions -> {});
    }

    /** A loop of a consumer group that reads back state when partitions are assigned to it. */
    public TopicLoop(
            String name,
            KafkaClientSettings kafka,
            String group,
            List<String> topics,
            Handler handler,
            Assigned assigned) {
        this(name, kafka.consumer(group), topics, handler, assigned);
    }

    /** A loop with its own consumer settings (e.g. {@link KafkaClientSettings#consumer} from the latest records). */
    public TopicLoop(String name, java.util.Map<String, Object> consumerConfig, List<String> topics, Handler handler) {
        this(name, consumerConfig, topics, handler, partitions -> {});
    }

    private TopicLoop(
            String name, Map<String, Object> consumerConfig, List<String> topics, Handler handler, Assigned assigned) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.handler = handler;
        // partitions revoked in this rebalance; those not assigned again at its end are released (an eager
        // rebalance revokes every partition, then assigns most of them back)
        Set<TopicPartition> revoked = new HashSet<>();
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                revoked.addAll(partitions);
                // what was handled is committed before another instance takes these partitions over
                try {
                    consumer.commitSync(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    log.warn("{}: commit before giving up partitions failed: {}", name, e.toString());
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                revoked.addAll(partitions); // already another's: nothing to commit
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                revoked.removeAll(consumer.assignment());
                if (!revoked.isEmpty()) {
                    try {
                        released.released(List.copyOf(revoked));
                    } catch (Exception e) {
                        log.warn("{}: dropping state of {} failed: {}", name, revoked, e.toString());
                    }
                    revoked.clear();
                }
                if (partitions.isEmpty()) return;
                try {
                    assigned.assigned(partitions);
                } catch (Exception e) {
                    log.warn("{}: reading back state for {} failed: {}", name, partitions, e.toString());
                }
            }
        });
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    /** Who is told of the partitions a rebalance takes from this loop; set before {@link #start()}. */
    public TopicLoop onReleased(Released released) {
        this.released = released;
        return this;
    }

    public TopicLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!positioned && !consumer.assignment().isEmpty()) {
                    // resolves where each partition starts (a new group's reset to latest happens here)
                    consumer.assignment().forEach(consumer::position);
                    positioned = true;
                }
                if (records.isEmpty()) continue;
                try {
                    handler.handle(records);
                    consumer.commitAsync();
                } catch (Exception e) {
                    log.warn("{}: {}; reading the batch again in 2 s", name, e.toString());
                    rewind(records);
                    Thread.sleep(2000);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            try {
                consumer.commitSync(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("{}: last commit failed: {}", name, e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records)
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        first.forEach(consumer::seek);
    }

    /**
     * Whether the consumer has partitions and knows where it reads from: records produced after that are read (a
     * loop that starts from the latest record reads nothing produced before).
     */
    public boolean positioned() {
        return positioned;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
