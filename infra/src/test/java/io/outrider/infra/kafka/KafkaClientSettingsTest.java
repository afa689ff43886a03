package io.outrider.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    private final KafkaClientSettings settings = new KafkaClientSettings("127.0.0.1:9092", "outrider-a");

    @Test
    void producersAreIdempotentAndWaitForAllReplicas() {
        Map<String, Object> producer = settings.producer("collector");

        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("client.id", "outrider-a-collector");
    }

    @Test
    void consumersCommitThemselves() {
        Map<String, Object> consumer = settings.consumer("es-writer");

        assertThat(consumer).containsEntry("enable.auto.commit", false).containsEntry("group.id", "es-writer");
    }

    @Test
    void topicSpecNamesTheBadValue() {
        assertThatThrownBy(() -> new OutriderTopics.TopicSpec("outrider.spans", 0, (short) -1))
                .hasMessage("partitions of outrider.spans < 1: 0");
        assertThatThrownBy(() -> new KafkaClientSettings(" ", "x")).hasMessage("bootstrapServers is blank");
        assertThat(OutriderTopics.shortName(OutriderTopics.DEADLETTER)).isEqualTo("deadletter");
    }
}
