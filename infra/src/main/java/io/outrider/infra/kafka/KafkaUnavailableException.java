package io.outrider.infra.kafka;

/** Kafka did not answer, or refused what Outrider needs of it (creating its topics). The message says what to check. */
public final class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
