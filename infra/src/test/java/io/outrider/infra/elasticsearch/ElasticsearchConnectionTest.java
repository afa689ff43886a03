package io.outrider.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElasticsearchConnectionTest {

    @Test
    void rejectsAddressesThatAreNotHttp() {
        assertThatThrownBy(() -> ElasticsearchConnection.open(
                        List.of(URI.create("ftp://es:9200")), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("Elasticsearch address must be http or https: ftp://es:9200");
        assertThatThrownBy(() -> ElasticsearchConnection.open(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("no Elasticsearch URI given");
    }

    @Test
    void unreachableClusterIsReportedNotThrown() {
        try (ElasticsearchConnection connection = ElasticsearchConnection.open(
                List.of(URI.create("http://127.0.0.1:1")), Duration.ofMillis(500), Duration.ofSeconds(1))) {
            ClusterHealth health = ClusterHealth.of(connection.client());

            assertThat(health.reachable()).isFalse();
            assertThat(health.usable()).isFalse();
            assertThat(health.error()).contains("Connection refused");
        }
    }
}
