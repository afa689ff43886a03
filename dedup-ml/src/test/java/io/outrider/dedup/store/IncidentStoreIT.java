package io.outrider.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.testing.SharedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
class IncidentStoreIT {

    private static ElasticsearchConnection connection;

    @BeforeAll
    static void connect() {
        connection = ElasticsearchConnection.open(
                List.of(SharedInfrastructure.elasticsearchUri()), Duration.ofSeconds(2), Duration.ofSeconds(30));
        new IndexTemplates(connection.client(), new IndexTemplates.IndexSettings(1, 0))
                .install(List.of(IncidentStore.indexTemplate()));
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    private static Incident incident(String id, String city) {
        return Incident.open(
                id,
                Alert.firing(
                        Map.of("alertname", "Errors", "service", "order-service", "city", city, "severity", "warning"),
                        Map.of(),
                        Instant.parse("2026-11-24T12:00:00Z"),
                        "test",
                        ""),
                "");
    }

    @Test
    void aBatchIsStoredInOneRequestSearchableAtOnceWithItsVersionsChecked() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        IncidentStore store = new IncidentStore(connection.client());
        Incident a = incident("INC-A-" + run, "a-" + run);
        Incident b = incident("INC-B-" + run, "b-" + run);

        assertThat(store.saveAll(List.of(a, b))).isEmpty();
        // searchable at once (the bulk waited for a refresh)
        assertThat(store.open(10_000)).extracting(Incident::id).contains(a.id(), b.id());

        // another writer (another instance's store) changes a first: ours conflicts and is not written
        IncidentStore other = new IncidentStore(connection.client());
        other.read(a.id());
        other.save(a.transition(IncidentStatus.ACKNOWLEDGED, "bob", Instant.parse("2026-11-24T12:01:00Z")));
        Incident ours = a.withNote("still failing", "alice", Instant.parse("2026-11-24T12:02:00Z"));
        Incident bNext = b.transition(IncidentStatus.RESOLVED, "alice", Instant.parse("2026-11-24T12:02:00Z"));

        List<Incident> conflicts = store.saveAll(List.of(ours, bNext));

        assertThat(conflicts).extracting(Incident::id).containsExactly(a.id());
        assertThat(store.read(a.id()).orElseThrow().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(store.read(b.id()).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
        // read again, the version is known: the next save goes through
        store.save(ours);
        assertThat(store.read(a.id()).orElseThrow().timeline())
                .extracting(Incident.TimelineEntry::kind)
                .contains("note");

        // a store that never read it (an instance that restarted) does not write its stale copy over it either
        IncidentStore fresh = new IncidentStore(connection.client());
        assertThat(fresh.saveAll(List.of(a))).extracting(Incident::id).containsExactly(a.id());
        assertThat(store.read(a.id()).orElseThrow().timeline())
                .extracting(Incident.TimelineEntry::kind)
                .contains("note");
    }
}
