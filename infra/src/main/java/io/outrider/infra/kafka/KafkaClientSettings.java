package io.outrider.infra.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The client settings every Outrider producer and consumer starts from. Producers are idempotent with
 * {@code acks=all}, so a retried send never duplicates or reorders a record; consumers commit offsets themselves,
 * after the work is done, so a crash replays rather than loses.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientIdPrefix prefix of client ids, so that one instance's clients can be told apart in broker logs
 */
public record KafkaClientSettings(String bootstrapServers, String clientIdPrefix) {

    public KafkaClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank())
            throw new IllegalArgumentException("bootstrapServers is blank");
        if (clientIdPrefix == null || clientIdPrefix.isBlank())
            throw new IllegalArgumentException("clientIdPrefix is blank");
    }

    public Map<String, Object> admin() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    /** Producer settings; keys and values are given as bytes by the caller's serializers. */
    public Map<String, Object> producer(String purpose) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + purpose);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return config;
    }

    /** Consumer settings for a consumer group; offsets are committed by the caller. */
    public Map<String, Object> consumer(String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + groupId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a dead instance's partitions move to the others after 10 s without its heartbeats, not Kafka's 45 s
        // (heartbeats come from the client's own thread, so a long batch does not count as death)
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return config;
    }
}
