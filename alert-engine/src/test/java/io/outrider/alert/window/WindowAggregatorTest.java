package io.outrider.alert.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowAggregatorTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final WindowAggregator aggregator =
            new WindowAggregator(List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5), 10_000, clock);
    private int sequence;

    private void request(String type, String data, boolean failed) {
        Message root = Message.transaction(
                clock.millis(), type, "/price", failed ? "ERROR" : Message.SUCCESS, data, 5_000, List.of());
        aggregator.add(new MessageTree(
                "pricing-service", "host", "10.0.0.1", "", "1", "main", "m-" + sequence++, null, null, root));
    }

    private static SortedMap<String, String> labels(String... pairs) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) labels.put(pairs[i], pairs[i + 1]);
        return labels;
    }

    @Test
    void theCityOfARequestIsReadFromItsData() {
        assertThat(WindowAggregator.city("city=beijing")).isEqualTo("beijing");
        assertThat(WindowAggregator.city("area=a1&city=shanghai&x=1")).isEqualTo("shanghai");
        assertThat(WindowAggregator.city("velocity=3")).isNull();
        assertThat(WindowAggregator.city("city=")).isNull();
        assertThat(WindowAggregator.city("city=<script>")).isNull();
        assertThat(WindowAggregator.city("")).isNull();
    }

    @Test
    void requestsAreGroupedPerServicePerEndpointAndPerCity() {
        request("URL", "city=beijing", true);
        request("URL", "city=beijing", false);
        request("URL", "city=shanghai", false);
        request("URL", "", false); // no city: the service's, no city's
        request("Dispatch", "city=beijing", true); // background work: not a request of the service
        clock.advance(Duration.ofSeconds(16));
        Window window = aggregator.close().getFirst();

        Map<SortedMap<String, String>, SpanStats> services = window.groups(false, false);
        assertThat(services).containsOnlyKeys(labels("service", "pricing-service"));
        assertThat(services.get(labels("service", "pricing-service")).count()).isEqualTo(4);

        Map<SortedMap<String, String>, SpanStats> cities = window.groups(false, true);
        assertThat(cities)
                .containsOnlyKeys(
                        labels("service", "pricing-service", "city", "beijing"),
                        labels("service", "pricing-service", "city", "shanghai"));
        SpanStats beijing = cities.get(labels("service", "pricing-service", "city", "beijing"));
        assertThat(beijing.count()).isEqualTo(2);
        assertThat(beijing.errors()).isEqualTo(1);

        assertThat(window.groups(true, false))
                .containsOnlyKeys(
                        labels("service", "pricing-service", "endpoint", "URL:/price"),
                        labels("service", "pricing-service", "endpoint", "Dispatch:/price"));
        assertThat(window.groups(true, false)
                        .get(labels("service", "pricing-service", "endpoint", "URL:/price"))
                        .count())
                .isEqualTo(4);
    }

    @Test
    void citiesAreCappedPerService() {
        for (int i = 0; i < WindowAggregator.MAX_CITIES_PER_SERVICE + 20; i++) request("URL", "city=c" + i, false);
        clock.advance(Duration.ofSeconds(16));
        Map<SortedMap<String, String>, SpanStats> cities =
                aggregator.close().getFirst().groups(false, true);
        assertThat(cities).hasSize(WindowAggregator.MAX_CITIES_PER_SERVICE + 1);
        assertThat(cities.get(labels("service", "pricing-service", "city", "_other"))
                        .count())
                .isEqualTo(20);
    }
}
