package io.outrider.collector.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.collector.cat.server.CatRouter;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.testing.SharedInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two collector instances on one Elasticsearch see each other; the router spreads clients across them. */
@ExtendWith(SharedInfrastructure.class)
class CollectorInstancesIT {

    @Test
    void liveInstancesSeeEachOtherAndOneThatStopsIsNoLongerListed() throws Exception {
        try (ElasticsearchConnection connection = ElasticsearchConnection.open(
                List.of(SharedInfrastructure.elasticsearchUri()), Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            CollectorInstances first =
                    new CollectorInstances(connection.client(), "10.9.0.1:2280", "", Duration.ofSeconds(10));
            CollectorInstances second =
                    new CollectorInstances(connection.client(), "10.9.0.2:2280", "", Duration.ofSeconds(10));
            first.heartbeat();
            second.heartbeat();
            first.heartbeat();

            assertThat(first.alive()).contains("10.9.0.1:2280", "10.9.0.2:2280");
            assertThat(second.alive()).contains("10.9.0.1:2280", "10.9.0.2:2280");

            second.close();
            first.heartbeat();
            assertThat(first.alive()).contains("10.9.0.1:2280").doesNotContain("10.9.0.2:2280");
            first.close();
        }
    }

    @Test
    void theRouterGivesEachClientItsOwnRotationOfAllCollectors() {
        List<String> collectors = List.of("a:2280", "b:2280", "c:2280");
        Map<String, Integer> firstChoice = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            List<String> order = CatRouter.spread(collectors, "service-" + (i % 30), "10.0.0." + i);
            assertThat(order).containsExactlyInAnyOrderElementsOf(collectors);
            assertThat(CatRouter.spread(collectors, "service-" + (i % 30), "10.0.0." + i))
                    .as("stable for one client")
                    .isEqualTo(order);
            firstChoice.merge(order.getFirst(), 1, Integer::sum);
        }
        assertThat(firstChoice)
                .hasSize(3)
                .allSatisfy((collector, n) -> assertThat(n).isGreaterThan(50));
    }

    @Test
    void twoCollectorsShareTheServicesOfOneHost() {
        List<String> collectors = List.of("a:2280", "b:2280");
        for (String ip : List.of("127.0.0.1", "192.0.2.2", "10.1.0.7")) {
            Map<String, Integer> firstChoice = new HashMap<>();
            for (String service : List.of("order", "dispatch", "rider", "eta", "pricing"))
                firstChoice.merge(
                        CatRouter.spread(collectors, service + "-service", ip).getFirst(), 1, Integer::sum);
            // String.hashCode() % 2 sent all five to a:2280 (each name has an even number of odd characters)
            assertThat(firstChoice)
                    .as("first choices of the services on %s", ip)
                    .hasSize(2);
        }
        Map<String, Integer> firstChoice = new HashMap<>();
        for (int i = 0; i < 300; i++)
            firstChoice.merge(
                    CatRouter.spread(collectors, "service-" + (i % 30), "10.0.0." + i)
                            .getFirst(),
                    1,
                    Integer::sum);
        assertThat(firstChoice).allSatisfy((collector, n) -> assertThat(n).isGreaterThan(100));
    }
}
