package io.outrider.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.collector.elasticsearch.SpanDocument;
import io.outrider.collector.elasticsearch.SpanIndexWriter;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.collector.kafka.KafkaIngestSink;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Ingestion survives the failures it will meet: Elasticsearch gone for a minute, a Kafka broker restart. Each test
 * runs engines of its own, so it can stop and restart them.
 */
class IngestFaultsIT {

    private static final Path BASE = Path.of(System.getProperty("outrider.test.home", "target/outrider-it-home"))
            .toAbsolutePath()
            .resolve("ingest-faults");

    private static MessageTree tree(String id) {
        return new MessageTree(
                "fault-app",
                "h",
                "127.0.0.1",
                "main",
                "1",
                "main",
                id,
                null,
                null,
                Message.transaction(
                        System.currentTimeMillis(),
                        "URL",
                        "/orders",
                        "0",
                        "",
                        1000,
                        List.of(Message.leaf(
                                MessageKind.EVENT, System.currentTimeMillis(), "URL.Server", "127.0.0.1", "0", ""))));
    }

    @Test
    void everySpanIsIndexedExactlyOnceAcrossAMinuteWithoutElasticsearch() throws Exception {
        // documents and records of an earlier run would count as this run's (as root, the node lives outside the
        // checkout and outlives it: an earlier day's documents are in another daily index, not overwritten)
        Path esDir = EmbeddedElasticsearchSettings.reachable(BASE.resolve("es"));
        deleteTree(esDir.resolve("node"));
        deleteTree(BASE.resolve("kafka-es-outage"));
        EmbeddedElasticsearchSettings settings =
                EmbeddedElasticsearchSettings.inDirectory(esDir).withPorts(freePort(), freePort());
        ElasticsearchDistribution distribution =
                ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null);
        List<IngestSink.DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        String topic = "it.spans.es-outage";
        SpanIndexWriter second = null;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(BASE.resolve("kafka-es-outage"), 0);
                EmbeddedElasticsearch elasticsearch = EmbeddedElasticsearch.startAndAwait(settings, distribution);
                ElasticsearchConnection connection = ElasticsearchConnection.open(
                        List.of(elasticsearch.uri()), Duration.ofSeconds(1), Duration.ofSeconds(10))) {
            KafkaClientSettings clients = new KafkaClientSettings(kafka.bootstrapServers(), "es-outage-it");
            try (Admin admin = Admin.create(clients.admin())) {
                OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec(topic, 3, (short) 1)));
            }
            new IndexTemplates(connection.client(), new IndexTemplates.IndexSettings(1, 0))
                    .install(List.of(IndexTemplate.fromResource(
                            "outrider-spans",
                            List.of(SpanDocument.INDEX_PREFIX + "*"),
                            100,
                            SpanDocument.class,
                            "spans-template.json")));
            try (SpanIndexWriter writer = new SpanIndexWriter(
                                    connection.client(), clients, deadLetters::add, 200, 2, topic, "it-writer")
                            .start();
                    var producer = new KafkaProducer<>(
                            clients.producer("it"), new StringSerializer(), new ByteArraySerializer())) {
                send(producer, topic, 0, 300);
                awaitCount(connection, 300, Duration.ofSeconds(60), () -> state(writer, deadLetters));

                elasticsearch.close(); // a minute without Elasticsearch
                Instant down = Instant.now();
                send(producer, topic, 300, 900);
                while (writer.retries() == 0) Thread.sleep(100);
                // a writer joining while the first is paused: the rebalance hands partitions over mid-pause
                second = new SpanIndexWriter(connection.client(), clients, deadLetters::add, 200, 1, topic, "it-writer")
                        .start();
                Thread.sleep(Math.max(
                        0,
                        Duration.ofSeconds(60)
                                .minus(Duration.between(down, Instant.now()))
                                .toMillis()));
                elasticsearch.start();
                elasticsearch.awaitReady();
                Instant back = Instant.now();
                send(producer, topic, 900, 1200);

                // a loaded machine restarts Elasticsearch slowly and recovers its shard after that
                awaitCount(connection, 1200, Duration.ofSeconds(180), () -> state(writer, deadLetters));
                Duration recovered = Duration.between(back, Instant.now());
                Thread.sleep(2000); // anything still arriving would show as a duplicate
                assertThat(count(connection)).isEqualTo(1200);
                // a bulk's documents can be searchable before its response reaches the writer that counts them
                SpanIndexWriter joined = second;
                Instant counted = Instant.now().plusSeconds(30);
                while (writer.indexed() + joined.indexed() < 1200
                        && Instant.now().isBefore(counted)) Thread.sleep(200);
                assertThat(writer.indexed() + joined.indexed()).isGreaterThanOrEqualTo(1200);
                assertThat(writer.retries())
                        .as("bulk retries while Elasticsearch was away")
                        .isPositive();
                assertThat(deadLetters).isEmpty();
                System.out.printf(
                        "es-outage: 1200 spans sent (600 while Elasticsearch was away %d s), %d indexed, 0 lost, 0 twice,"
                                + " all searchable %d ms after it answered again, %d bulk retries%n",
                        Duration.between(down, back).toSeconds(),
                        count(connection),
                        recovered.toMillis(),
                        writer.retries());
            } finally {
                if (second != null) second.close();
            }
        }
    }

    @Test
    void aKafkaRestartLosesNothingAcknowledged() throws Exception {
        int port = freePort();
        Path dir = BASE.resolve("kafka-restart");
        deleteTree(dir);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port);
        KafkaClientSettings clients = new KafkaClientSettings(kafka.bootstrapServers(), "kafka-restart-it");
        try (Admin admin = Admin.create(clients.admin())) {
            OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec(OutriderTopics.SPANS, 3, (short) 1)));
        }
        KafkaIngestSink sink = new KafkaIngestSink(clients, 100_000);
        try {
            for (int i = 0; i < 1000; i++) sink.accept(tree("restart-" + i));
            kafka.close();
            for (int i = 1000; i < 2000; i++) sink.accept(tree("restart-" + i)); // buffered by the producer meanwhile
            assertThat(sink.inFlight()).isPositive();
            kafka = EmbeddedKafka.start(dir, port);
            Instant restarted = Instant.now();

            Instant deadline = Instant.now().plusSeconds(120);
            while (sink.inFlight() > 0 && Instant.now().isBefore(deadline)) Thread.sleep(200);
            Duration drained = Duration.between(restarted, Instant.now());
            assertThat(sink.published()).isEqualTo(2000);
            assertThat(sink.dropped()).isZero();

            Set<String> ids = new HashSet<>();
            int records = 0;
            try (var consumer = new KafkaConsumer<>(
                    clients.consumer("verify"), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(OutriderTopics.SPANS));
                Instant until = Instant.now().plusSeconds(30);
                while (records < 2000 && Instant.now().isBefore(until)) {
                    for (var record : consumer.poll(Duration.ofMillis(500))) {
                        records++;
                        ids.add(new io.outrider.collector.cat.codec.Nt1Decoder(
                                        io.outrider.collector.cat.codec.DecodeLimits.DEFAULT)
                                .decode(java.nio.ByteBuffer.wrap(record.value()))
                                .messageId());
                    }
                }
            }
            assertThat(records).isEqualTo(2000); // idempotent producer: no duplicate from the retries
            assertThat(ids).hasSize(2000);
            System.out.printf(
                    "kafka-restart: 2000 spans accepted (1000 while the broker was down), %d records, %d distinct,"
                            + " 0 dropped, the buffer drained %d ms after the broker was back%n",
                    records, ids.size(), drained.toMillis());
        } finally {
            sink.close();
            kafka.close();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++)
            producer.send(new ProducerRecord<>(topic, "app-" + i % 6, Nt1Encoder.encode(tree("es-outage-" + i))));
        producer.flush();
    }

    private static String state(SpanIndexWriter writer, List<IngestSink.DeadLetter> deadLetters) {
        return "writer indexed " + writer.indexed() + ", retries " + writer.retries() + ", rejected "
                + writer.rejected() + ", lag " + writer.lag() + ", dead letters " + deadLetters.size();
    }

    private static void awaitCount(
            ElasticsearchConnection connection, long expected, Duration timeout, Supplier<String> state)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        long count = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                count = count(connection);
                if (count >= expected) return;
            } catch (Exception notYet) {
                // index not created yet, or the node still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("expected " + expected + " span documents within " + timeout + ", have " + count + " ("
                + state.get() + ")");
    }

    private static long count(ElasticsearchConnection connection) throws IOException {
        connection.client().indices().refresh(r -> r.index(SpanDocument.INDEX_PREFIX + "*"));
        return connection
                .client()
                .count(c -> c.index(SpanDocument.INDEX_PREFIX + "*"))
                .count();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
