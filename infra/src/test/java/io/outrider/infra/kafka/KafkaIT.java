package io.outrider.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.testing.SharedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
class KafkaIT {

    private static KafkaClientSettings settings;
    private static Admin admin;

    @BeforeAll
    static void connect() {
        settings = new KafkaClientSettings(SharedInfrastructure.kafkaBootstrapServers(), "kafka-it");
        admin = Admin.create(settings.admin());
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void createsTopicsWithTheirPartitionsAndGrowsThemLater() throws Exception {
        OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec("it.grow", 2, (short) -1)));
        OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec("it.grow", 5, (short) -1)));
        OutriderTopics.ensure(
                admin, List.of(new OutriderTopics.TopicSpec("it.grow", 3, (short) -1))); // cannot shrink: kept at 5

        int partitions = admin.describeTopics(List.of("it.grow"))
                .allTopicNames()
                .get()
                .get("it.grow")
                .partitions()
                .size();
        assertThat(partitions).isEqualTo(5);
    }

    @Test
    void recordsSentByAnIdempotentProducerAreConsumedOnceInKeyOrder() throws Exception {
        OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec("it.roundtrip", 3, (short) 1)));
        try (var producer =
                new KafkaProducer<>(settings.producer("it"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++)
                producer.send(new ProducerRecord<>("it.roundtrip", "service-" + (i % 4), Integer.toString(i)));
            producer.flush();
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                settings.consumer("it-group"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("it.roundtrip"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (received.size() < 100 && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.commitSync();
        }

        assertThat(received).hasSize(100);
        Map<String, List<Integer>> byKey = new java.util.TreeMap<>();
        received.forEach(
                r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value())));
        byKey.values().forEach(values -> assertThat(values).isSorted());
        assertThat(byKey.get("service-1")).hasSize(25);
    }

    @Test
    void aLoopIsToldWhichPartitionsItReleasedWhenAnotherJoinsItsGroup() throws Exception {
        OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec("it.release", 4, (short) 1)));
        String group = "it-release-" + System.nanoTime();
        java.util.Set<org.apache.kafka.common.TopicPartition> released =
                java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (TopicLoop first = new TopicLoop("it-release-1", settings, group, List.of("it.release"), records -> {})
                .onReleased(released::addAll)
                .start()) {
            await(first::positioned);
            assertThat(released).as("nothing released while it is alone").isEmpty();
            try (TopicLoop second =
                    new TopicLoop("it-release-2", settings, group, List.of("it.release"), records -> {}).start()) {
                await(() -> second.positioned() && !released.isEmpty());
                // the range assignor gives the newcomer two of the four partitions; the first keeps the others
                assertThat(released).hasSize(2);
                assertThat(released).allSatisfy(p -> assertThat(p.topic()).isEqualTo("it.release"));
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) Thread.sleep(100);
        assertThat(condition.getAsBoolean()).as("within 60 s").isTrue();
    }

    @Test
    void healthSeesTheBroker() {
        KafkaClusterHealth health = KafkaClusterHealth.of(admin);

        assertThat(health.reachable()).isTrue();
        assertThat(health.brokers()).isEqualTo(1);
        assertThat(health.clusterId()).isNotBlank();
    }

    @Test
    void healthReportsAnUnreachableBrokerWithoutThrowing() {
        try (Admin nowhere = Admin.create(new KafkaClientSettings("127.0.0.1:1", "kafka-it").admin())) {
            KafkaClusterHealth health = KafkaClusterHealth.of(nowhere);

            assertThat(health.reachable()).isFalse();
            assertThat(health.error()).isNotBlank();
        }
    }
}
