package io.outrider.console.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.RootCause;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IncidentFeedTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Incident incident = InboxTest.incident("INC-1", "critical", "order-service", "beijing", T0)
            .withNote("order-service p99 at 3 s", "alice", T0.plusSeconds(30))
            .withRootCause(new RootCause(
                    T0.plusSeconds(60),
                    List.of(new RootCause.Suspect(
                            "order-db",
                            4.2,
                            List.of(new RootCause.Evidence("order-db_lat_99", 6.5, T0.toEpochMilli(), 12.25, 340))))));

    @Test
    void theEventOfAStateAndThePageOfTheSameStateCarryOneRevision() {
        // the feed reads the record of outrider.incidents; the page reads the document Elasticsearch gives back
        Incident fromKafka = IncidentJson.decode(IncidentJson.encode(incident));
        @SuppressWarnings("unchecked")
        Map<String, Object> document = JSON.convertValue(IncidentJson.toNode(incident), Map.class);
        Incident fromElasticsearch = IncidentJson.fromNode(JSON.valueToTree(document));

        assertThat(IncidentFeed.revision(fromElasticsearch)).isEqualTo(IncidentFeed.revision(fromKafka));
    }

    @Test
    void anyChangeMakesANewRevision() {
        String before = IncidentFeed.revision(incident);

        assertThat(IncidentFeed.revision(incident.withNote("the database looks fine", "bob", T0.plusSeconds(90))))
                .isNotEqualTo(before);
        assertThat(IncidentFeed.revision(incident.assignedTo("bob", "alice", T0.plusSeconds(90))))
                .isNotEqualTo(before);
    }
}
