package io.outrider.infra.kafka;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading {@link OutriderTopics#INCIDENTS}: each record is one change of an incident, its whole state as JSON. */
public final class IncidentRecords {

    private static final Logger log = LoggerFactory.getLogger(IncidentRecords.class);

    private IncidentRecords() {}

    /**
     * A handler that gives each incident change to {@code each}, in order; a record that is no incident is logged and
     * skipped (it would never become readable).
     */
    public static TopicLoop.Handler each(Consumer<Incident> each) {
        return records -> {
            for (ConsumerRecord<String, byte[]> record : records) {
                Incident incident;
                try {
                    incident = IncidentJson.decode(record.value());
                } catch (IllegalArgumentException e) {
                    log.warn(
                            "Unreadable incident event skipped ({}@{}): {}",
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                    continue;
                }
                each.accept(incident);
            }
        };
    }
}
