package io.outrider.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.indices.GetIndexResponse;
import io.outrider.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
class ElasticsearchIT {

    private static ElasticsearchConnection connection;
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() {
        connection = ElasticsearchConnection.open(
                List.of(SharedInfrastructure.elasticsearchUri()), Duration.ofSeconds(2), Duration.ofSeconds(30));
        client = connection.client();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @Test
    void clusterIsHealthy() {
        ClusterHealth health = ClusterHealth.of(client);

        assertThat(health.usable()).isTrue();
        assertThat(health.nodes()).isEqualTo(1);
        assertThat(health.clusterName()).isEqualTo("outrider-embedded");
    }

    record Doc(String service, long durationMs) {}

    @Test
    void indexedDocumentsCanBeSearched() throws IOException {
        client.index(i -> i.index("outrider-it-search")
                .id("1")
                .document(new Doc("order-service", 42))
                .refresh(Refresh.WaitFor));
        client.index(i -> i.index("outrider-it-search")
                .id("2")
                .document(new Doc("eta-service", 7))
                .refresh(Refresh.WaitFor));

        SearchResponse<Doc> found = client.search(
                s -> s.index("outrider-it-search")
                        .query(q -> q.term(t -> t.field("service.keyword").value("order-service"))),
                Doc.class);

        assertThat(found.hits().hits()).extracting(h -> h.source()).containsExactly(new Doc("order-service", 42));
    }

    @Test
    void installedTemplatesShapeNewIndices() throws IOException {
        IndexTemplates templates = new IndexTemplates(client, new IndexTemplates.IndexSettings(2, 0));
        templates.install(List.of(IndexTemplate.fromResource(
                "outrider-ittemplate",
                List.of("outrider-ittemplate-*"),
                10,
                ElasticsearchIT.class,
                "test-template.json")));

        client.indices().create(c -> c.index("outrider-ittemplate-2026.11.24"));
        GetIndexResponse index = client.indices().get(g -> g.index("outrider-ittemplate-2026.11.24"));

        var state = index.result().get("outrider-ittemplate-2026.11.24");
        assertThat(state.mappings().properties()).containsOnlyKeys("service", "timestamp", "durationMs");
        assertThat(state.mappings().properties().get("service").isKeyword()).isTrue();
        assertThat(state.settings().index().numberOfShards()).isEqualTo("2");
        assertThat(state.settings().index().numberOfReplicas()).isEqualTo("0");
        assertThat(templates.installed()).contains("outrider-ittemplate");
    }

    @Test
    void aTemplateNamingOneIndexCreatesItReadyToSearch() throws IOException {
        IndexTemplates templates = new IndexTemplates(client, new IndexTemplates.IndexSettings(1, 0));
        IndexTemplate single = IndexTemplate.fromResource(
                "outrider-itsingle", List.of("outrider-itsingle"), 10, ElasticsearchIT.class, "test-template.json");
        templates.install(List.of(single));

        // the index is there with its primary started: a search answers at once, with nothing found
        assertThat(client.indices().exists(e -> e.index("outrider-itsingle")).value())
                .isTrue();
        SearchResponse<Doc> found = client.search(s -> s.index("outrider-itsingle"), Doc.class);
        assertThat(found.hits().hits()).isEmpty();
        assertThat(found.shards().failed().intValue()).isZero();
        // installing again (the next start, another instance) keeps it
        templates.install(List.of(single));
        assertThat(client.indices().exists(e -> e.index("outrider-itsingle")).value())
                .isTrue();
    }

    @Test
    void retentionDeletesOnlyExpiredIndices() throws IOException {
        List<String> indices = List.of(
                "outrider-itret-2026.11.24", // today
                "outrider-itret-2026.11.21", // 3 days old: kept
                "outrider-itret-2026.11.20", // 4 days old: expired
                "outrider-itret-2026.10.01", // expired
                "outrider-itretalerts-2026.11", // this month: kept
                "outrider-itretalerts-2026.09", // expired (1 month kept)
                "outrider-itret-keep"); // not time-based: never touched
        for (String index : indices) client.indices().create(c -> c.index(index));
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

        List<String> deleted =
                new IndexRetention(client, new RetentionPolicy(30, 1, Map.of("itret", 3)), clock).deleteExpired();

        assertThat(deleted)
                .containsExactly(
                        "outrider-itret-2026.10.01", "outrider-itret-2026.11.20", "outrider-itretalerts-2026.09");
        var remaining =
                client.indices().get(g -> g.index("outrider-itret*")).result().keySet();
        assertThat(remaining)
                .containsExactlyInAnyOrder(
                        "outrider-itret-2026.11.24",
                        "outrider-itret-2026.11.21",
                        "outrider-itretalerts-2026.11",
                        "outrider-itret-keep");
    }
}
