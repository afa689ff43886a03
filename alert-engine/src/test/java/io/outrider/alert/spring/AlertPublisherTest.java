package io.outrider.alert.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.core.alert.Alert;
import io.outrider.infra.kafka.KafkaClientSettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real Kafka producer pointed at a port where no broker listens. */
class AlertPublisherTest {

    @Test
    void anUnreachableKafkaIsReportedWithinSecondsNotAMinute() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Alert alert = Alert.firing(Map.of("alertname", "X"), Map.of(), Instant.now(), "alertmanager", "");
        try (AlertPublisher publisher = new AlertPublisher(new KafkaClientSettings("127.0.0.1:" + port, "test"))) {
            long start = System.nanoTime();
            // a batch of three: the first send that fails ends it, not three waits for Kafka
            assertThatThrownBy(() -> publisher.publishAllAndWait(java.util.List.of(alert, alert, alert)))
                    .isInstanceOf(AlertPublisher.KafkaUnreachable.class)
                    .hasMessageContaining("Kafka did not take an alert event");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            publisher.accept(alert); // the engine's path does not throw
        }
    }
}
