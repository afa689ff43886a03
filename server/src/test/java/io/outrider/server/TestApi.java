package io.outrider.server;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * What the server's integration tests share: the shared Kafka and Elasticsearch, a home of their own, free ports,
 * and the API token of {@code config/application.yml} they call the API with.
 */
final class TestApi {

    /** The token whose SHA-256 {@code src/test/resources/config/application.yml} configures (role admin). */
    static final String TOKEN = "it-token-2c9f1e7a";

    private TestApi() {}

    /**
     * The server on the shared Kafka and Elasticsearch, with its files in {@code home} under the tests' home and
     * its CAT and OTLP listeners on free ports.
     */
    static void sharedInfrastructure(org.springframework.test.context.DynamicPropertyRegistry registry, String home) {
        registry.add(
                "outrider.elasticsearch.uris",
                () -> io.outrider.infra.testing.SharedInfrastructure.elasticsearchUri()
                        .toString());
        registry.add(
                "outrider.kafka.bootstrap-servers",
                io.outrider.infra.testing.SharedInfrastructure::kafkaBootstrapServers);
        registry.add(
                "outrider.home",
                () -> io.outrider.infra.testing.SharedInfrastructure.testHome()
                        .resolve(home)
                        .toString());
        registry.add("outrider.collector.cat.port", () -> "0");
        registry.add("outrider.collector.otlp.port", () -> "0");
    }

    /** A request to {@code url} carrying the token. */
    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    }
}
