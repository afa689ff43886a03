package io.outrider.infra.spring;

import io.outrider.infra.kafka.KafkaUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a Kafka that cannot be reached at start into a short report that says what to check. */
class KafkaUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<KafkaUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KafkaUnavailableException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Check that the brokers in outrider.kafka.bootstrap-servers (OUTRIDER_KAFKA_BOOTSTRAP_SERVERS) are up and reachable "
                        + "and that this client may create topics; or leave the setting empty to run an embedded Kafka.",
                cause);
    }
}
