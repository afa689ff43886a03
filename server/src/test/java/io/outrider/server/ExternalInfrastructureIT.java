package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.spring.EmbeddedInfrastructure;
import io.outrider.infra.testing.SharedInfrastructure;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The server pointed at an existing Elasticsearch and Kafka: it uses them and starts nothing of its own. */
@ExtendWith(SharedInfrastructure.class)
// closed after the class: its consumers leave the shared groups before the next class starts its own
@DirtiesContext
@SpringBootTest(classes = OutriderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalInfrastructureIT {

    private static final Path HOME = SharedInfrastructure.testHome().resolve("external-it-home");

    @DynamicPropertySource
    static void externalEndpoints(DynamicPropertyRegistry registry) {
        registry.add(
                "outrider.elasticsearch.uris",
                () -> SharedInfrastructure.elasticsearchUri().toString());
        registry.add("outrider.kafka.bootstrap-servers", SharedInfrastructure::kafkaBootstrapServers);
        registry.add("outrider.home", HOME::toString);
        registry.add("outrider.collector.cat.port", () -> "0");
        registry.add("outrider.collector.otlp.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedInfrastructure embedded;

    @Autowired
    Admin admin;

    @Autowired
    KafkaClientSettings kafka;

    @Autowired
    Scheduler scheduler;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                TestApi.request("http://127.0.0.1:" + port + path).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsNothingEmbedded() {
        assertThat(embedded.isEmpty()).isTrue();
        assertThat(HOME.resolve("elasticsearch")).doesNotExist();
        assertThat(HOME.resolve("kafka")).doesNotExist();
        assertThat(kafka.bootstrapServers()).isEqualTo(SharedInfrastructure.kafkaBootstrapServers());
    }

    @Test
    void healthShowsElasticsearchAndKafkaUp() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(health.body());
        assertThat(body.at("/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/elasticsearch/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/elasticsearch/details/uris").asString())
                .contains(SharedInfrastructure.elasticsearchUri().toString());
        assertThat(body.at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/kafka/details/bootstrapServers").asString())
                .isEqualTo(SharedInfrastructure.kafkaBootstrapServers());
    }

    @Test
    void createsTheTopics() throws Exception {
        Set<String> topics = admin.listTopics().names().get();

        assertThat(topics).containsAll(OutriderTopics.ALL);
    }

    @Test
    void exposesItsOwnMetricsToPrometheus() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("application=\"outrider\"");
    }

    @Test
    void schedulesIndexRetention() throws Exception {
        assertThat(scheduler.checkExists(JobKey.jobKey("index-retention", "outrider")))
                .isTrue();
        assertThat(scheduler.isStarted()).isTrue();
    }
}
