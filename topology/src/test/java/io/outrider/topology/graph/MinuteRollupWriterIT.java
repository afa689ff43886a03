package io.outrider.topology.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.testing.SharedInfrastructure;
import io.outrider.topology.report.ReportRollup;
import io.outrider.topology.report.ReportStore;
import io.outrider.topology.rollup.LatencyStats;
import io.outrider.topology.rollup.MinuteRollupWriter;
import io.outrider.topology.rollup.Rollup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The graph and the reports built from a span topic into Elasticsearch: exact counts, late data in its minute,
 * replays counted once.
 */
@ExtendWith(SharedInfrastructure.class)
class MinuteRollupWriterIT {

    private static final long MINUTE = 60_000;

    private static MessageTree tree(String id, String caller, String callee, long ts, long micros, boolean failed) {
        return new MessageTree(
                caller,
                "h",
                "10.0.0.1",
                "g",
                "1",
                "t",
                id,
                null,
                null,
                Message.transaction(
                        ts,
                        "URL",
                        "/api",
                        "0",
                        "",
                        micros + 500,
                        List.of(Message.transaction(
                                ts,
                                "Call",
                                callee + ":/x",
                                failed ? "ERROR" : "0",
                                "",
                                micros,
                                List.of(Message.leaf(MessageKind.EVENT, ts, "Call.app", callee, "0", ""))))));
    }

    @Test
    void callsAreCountedOncePerMinuteLateDataLandsInItsMinuteAndAReplayAddsNothing() throws Exception {
        String topic = "topology-it-" + System.nanoTime();
        KafkaClientSettings kafka =
                new KafkaClientSettings(SharedInfrastructure.kafkaBootstrapServers(), "topology-it");
        try (Admin admin = Admin.create(kafka.admin());
                ElasticsearchConnection es = ElasticsearchConnection.open(
                        List.of(SharedInfrastructure.elasticsearchUri()),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30));
                var producer =
                        new KafkaProducer<>(kafka.producer("it"), new StringSerializer(), new ByteArraySerializer())) {
            OutriderTopics.ensure(admin, List.of(new OutriderTopics.TopicSpec(topic, 2, (short) 1)));
            new IndexTemplates(es.client(), new IndexTemplates.IndexSettings(1, 0))
                    .install(List.of(new TopologyRollup().indexTemplate(), new ReportRollup().indexTemplate()));
            // a distinct hour far in the past, so that no other test's minutes are in the window
            long base = (Instant.now().toEpochMilli() / MINUTE - 60 * 24 * 3 - (System.nanoTime() % 1000)) * MINUTE;
            String a = "it-a-" + base;
            String b = "it-b-" + base;
            String c = "it-c-" + base;
            int n = 0;
            for (int i = 0; i < 300; i++) {
                MessageTree t = tree("m" + n++, a, b, base + (i % 3) * MINUTE + i, 1000 + i, i % 10 == 0);
                producer.send(new ProducerRecord<>(topic, t.domain(), Nt1Encoder.encode(t)));
                MessageTree u = tree("m" + n++, b, c, base + (i % 3) * MINUTE + i, 2000, false);
                producer.send(new ProducerRecord<>(topic, u.domain(), Nt1Encoder.encode(u)));
            }
            producer.flush();
            TopologyStore store = new TopologyStore(es.client());
            Instant from = Instant.ofEpochMilli(base);
            Instant to = Instant.ofEpochMilli(base + 10 * MINUTE);
            ReportStore reports = new ReportStore(es.client());
            try (MinuteRollupWriter writer = writer(new TopologyRollup(), es, kafka, topic, "topology-it-1");
                    MinuteRollupWriter reportWriter = writer(new ReportRollup(), es, kafka, topic, "reports-it-1")) {
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> calls(store, from, to, a, b) == 300);
                ServiceGraph graph = store.graph(from, to);
                LatencyStats ab = graph.edges().get(new Edge(a, b));
                assertThat(ab.failures()).isEqualTo(30);
                assertThat(ab.maxMicros()).isEqualTo(1299);
                assertThat(graph.edges().get(new Edge(b, c)).calls()).isEqualTo(300);
                assertThat(graph.downstream(a)).containsExactly(b, c);
                // one minute alone
                assertThat(store.graph(from, from.plusSeconds(60))
                                .edges()
                                .get(new Edge(a, b))
                                .calls())
                        .isEqualTo(100);

                // late: a tree of the first minute, sent after the others
                MessageTree late = tree("late", a, b, base + 5, 777, false);
                producer.send(new ProducerRecord<>(topic, late.domain(), Nt1Encoder.encode(late)))
                        .get();
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> calls(store, from, from.plusSeconds(60), a, b) == 101);

                // the reports of the same trees: a's URL transactions, its failed calls as problems
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> urlCount(reports, a, from, to) == 301);
                var rows = reports.report(a, from, to).rows();
                LatencyStats call = rows.transactions().get(new ReportRollup.Key("transaction", a, "Call", b + ":/x"));
                assertThat(call.calls()).isEqualTo(301);
                assertThat(call.failures()).isEqualTo(30);
                assertThat(call.minMicros()).isEqualTo(777);
                assertThat(rows.problems()
                                .get(new ReportRollup.Key("problem", a, "failure", "Call:" + b + ":/x"))
                                .count())
                        .isEqualTo(30);
                assertThat(rows.events().get(new ReportRollup.Key("event", a, "Call.app", b))[0])
                        .isEqualTo(301);
            }
            // a new group reads the whole topic again: every record is already in its stored minute
            try (MinuteRollupWriter replay = writer(new TopologyRollup(), es, kafka, topic, "topology-it-2");
                    MinuteRollupWriter reportReplay = writer(new ReportRollup(), es, kafka, topic, "reports-it-2")) {
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> replay.skippedReplays() >= 601 && reportReplay.skippedReplays() >= 601);
                Thread.sleep(1500); // a flush or two
                assertThat(calls(store, from, to, a, b)).isEqualTo(301);
                assertThat(urlCount(reports, a, from, to)).isEqualTo(301);
                assertThat(replay.trees()).isZero();
                assertThat(reportReplay.trees()).isZero();
            }
        }
    }

    private static MinuteRollupWriter writer(
            Rollup rollup, ElasticsearchConnection es, KafkaClientSettings kafka, String topic, String group) {
        return new MinuteRollupWriter(
                        rollup,
                        es.client(),
                        kafka,
                        topic,
                        group,
                        Duration.ofMillis(300),
                        Duration.ofMinutes(10),
                        Clock.systemUTC())
                .start();
    }

    private static long urlCount(ReportStore reports, String domain, Instant from, Instant to) throws Exception {
        refresh();
        LatencyStats url = reports.report(domain, from, to)
                .rows()
                .transactions()
                .get(new ReportRollup.Key("transaction", domain, "URL", "/api"));
        return url == null ? 0 : url.calls();
    }

    private static long calls(TopologyStore store, Instant from, Instant to, String caller, String callee)
            throws Exception {
        refresh();
        LatencyStats stats = store.graph(from, to).edges().get(new Edge(caller, callee));
        return stats == null ? 0 : stats.calls();
    }

    /** Makes what was written searchable before a count. */
    private static void refresh() throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            http.send(
                    java.net.http.HttpRequest.newBuilder(SharedInfrastructure.elasticsearchUri()
                                    .resolve("/outrider-topology-*,outrider-reports-*/_refresh"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
    }
}
