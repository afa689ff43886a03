package io.outrider.infra.kafka;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics Outrider's modules talk through, and their creation. Records are keyed by service (spans, metrics) or
 * by logistics unit (alerts, incidents), so that one key's records stay in order on one partition.
 */
public final class OutriderTopics {

    public static final String SPANS = "outrider.spans";
    public static final String METRICS = "outrider.metrics";
    public static final String ALERTS = "outrider.alerts";
    public static final String INCIDENTS = "outrider.incidents";
    public static final String DEADLETTER = "outrider.deadletter";

    /** Every topic, in creation order. */
    public static final List<String> ALL = List.of(SPANS, METRICS, ALERTS, INCIDENTS, DEADLETTER);

    private static final Logger log = LoggerFactory.getLogger(OutriderTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    /**
     * A topic to create.
     *
     * @param replicationFactor replicas per partition; -1 for the broker's default
     */
    public record TopicSpec(String name, int partitions, short replicationFactor) {
        public TopicSpec {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("topic name is blank");
            if (partitions < 1) throw new IllegalArgumentException("partitions of " + name + " < 1: " + partitions);
            if (replicationFactor == 0 || replicationFactor < -1) {
                throw new IllegalArgumentException(
                        "replicationFactor of " + name + " must be >= 1 or -1: " + replicationFactor);
            }
        }
    }

    private OutriderTopics() {}

    /** The name used in configuration: {@code outrider.spans -> spans}. */
    public static String shortName(String topic) {
        return topic.startsWith("outrider.") ? topic.substring("outrider.".length()) : topic;
    }

    /**
     * Creates the missing topics and adds partitions where a topic has fewer than asked (Kafka cannot take
     * partitions away: a topic with more is left as it is, with a warning).
     */
    public static void ensure(Admin admin, List<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) create(admin, spec);
            }
            Map<String, TopicDescription> described = describeOnceKnown(admin, specs);
            for (TopicSpec spec : specs) {
                int actual = Objects.requireNonNull(described.get(spec.name()), spec.name())
                        .partitions()
                        .size();
                if (actual < spec.partitions()) {
                    log.info("Increasing partitions of {} from {} to {}", spec.name(), actual, spec.partitions());
                    admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions())))
                            .all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } else if (actual > spec.partitions()) {
                    log.warn(
                            "Topic {} has {} partitions, more than the {} configured; Kafka cannot reduce them",
                            spec.name(),
                            actual,
                            spec.partitions());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new KafkaUnavailableException(
                    "Cannot create the Kafka topics "
                            + specs.stream().map(TopicSpec::name).toList() + ": "
                            + cause.getClass().getSimpleName() + " " + cause.getMessage(),
                    cause);
        }
    }

    /** A topic just created is unknown to the broker's metadata for a moment: ask again until it is known. */
    private static Map<String, TopicDescription> describeOnceKnown(Admin admin, List<TopicSpec> specs)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(specs.stream().map(TopicSpec::name).toList())
                        .allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline)
                    throw e;
                Thread.sleep(100);
            }
        }
    }

    private static void create(Admin admin, TopicSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(
                spec.name(),
                java.util.Optional.of(spec.partitions()),
                spec.replicationFactor() == -1
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(spec.replicationFactor()));
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions", spec.name(), spec.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e; // another instance created it meanwhile
        }
    }
}
