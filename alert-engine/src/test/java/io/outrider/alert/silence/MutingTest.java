package io.outrider.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutingTest {

    private static final Map<String, String> LATENCY =
            Map.of("service", "order-service", "symptom", "latency", "city", "shanghai");
    private static final Map<String, String> HEARTBEAT =
            Map.of("service", "order-service", "symptom", "heartbeat", "city", "shanghai");

    @Test
    void matchersFollowAlertmanager() {
        assertThat(LabelMatcher.parse("service=\"order-service\"").matches(LATENCY))
                .isTrue();
        assertThat(LabelMatcher.parse("service!=order-service").matches(LATENCY))
                .isFalse();
        assertThat(LabelMatcher.parse("service=~\"order.*\"").matches(LATENCY)).isTrue();
        assertThat(LabelMatcher.parse("service=~\"order\"").matches(LATENCY))
                .as("anchored")
                .isFalse();
        assertThat(LabelMatcher.parse("team!~\".+\"").matches(LATENCY))
                .as("missing label is empty")
                .isTrue();
        assertThatThrownBy(() -> LabelMatcher.parse("service=~\"(\"")).hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> LabelMatcher.parse("service")).hasMessageContaining("not a matcher");
    }

    @Test
    void aSilenceMutesWhatItSelectsWhileActiveAndSaysWho() {
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        Silence silence = new Silence(
                "s1",
                List.of(LabelMatcher.parse("symptom=latency")),
                start,
                start.plus(Duration.ofHours(1)),
                "alice",
                "deploying dispatch v2");
        Muting muting = new Muting(List.of(silence), List.of(), List.of());

        assertThat(muting.reason(LATENCY, List.of(), start.plusSeconds(60)))
                .get()
                .asString()
                .contains("s1")
                .contains("alice")
                .contains("deploying dispatch v2");
        assertThat(muting.reason(HEARTBEAT, List.of(), start.plusSeconds(60))).isEmpty();
        assertThat(muting.reason(LATENCY, List.of(), start.plus(Duration.ofHours(1))))
                .as("ended")
                .isEmpty();
        assertThat(muting.reason(LATENCY, List.of(), start.minusSeconds(1)))
                .as("not begun")
                .isEmpty();
        assertThatThrownBy(() -> new Silence("s2", List.of(), start, start.plusSeconds(1), "bob", ""))
                .hasMessageContaining("at least one matcher");
    }

    @Test
    void aRecurringWindowOpensOnItsDaysInItsZoneEvenAcrossMidnight() {
        MaintenanceWindow window = new MaintenanceWindow(
                "db maintenance",
                List.of(LabelMatcher.parse("city=shanghai")),
                Set.of(DayOfWeek.TUESDAY),
                LocalTime.of(23, 0),
                Duration.ofHours(2),
                ZoneId.of("Asia/Shanghai"));

        // Tuesday 2026-11-24 23:30 in Shanghai is 15:30 UTC; Wednesday 00:30 there is 16:30 UTC
        assertThat(window.mutes(LATENCY, Instant.parse("2026-11-24T15:30:00Z"))).isTrue();
        assertThat(window.mutes(LATENCY, Instant.parse("2026-11-24T16:30:00Z")))
                .as("past midnight")
                .isTrue();
        assertThat(window.mutes(LATENCY, Instant.parse("2026-11-24T17:30:00Z")))
                .as("closed")
                .isFalse();
        assertThat(window.mutes(LATENCY, Instant.parse("2026-11-25T15:30:00Z")))
                .as("Wednesday")
                .isFalse();
        assertThat(window.mutes(Map.of("city", "beijing"), Instant.parse("2026-11-24T15:30:00Z")))
                .isFalse();
    }

    @Test
    void aFiringHeartbeatLossInhibitsTheSameServicesOtherAlertsNotOthersNorItself() {
        InhibitRule rule = new InhibitRule(
                List.of(LabelMatcher.parse("symptom=heartbeat")),
                List.of(LabelMatcher.parse("symptom=~\"latency|errors\"")),
                List.of("service"));

        assertThat(rule.inhibits(LATENCY, List.of(HEARTBEAT))).isTrue();
        assertThat(rule.inhibits(Map.of("service", "eta-service", "symptom", "latency"), List.of(HEARTBEAT)))
                .isFalse();
        assertThat(rule.inhibits(HEARTBEAT, List.of(HEARTBEAT))).isFalse();
        assertThat(rule.inhibits(LATENCY, List.of())).isFalse();
        assertThat(new Muting(List.of(), List.of(), List.of(rule)).reason(LATENCY, List.of(HEARTBEAT), Instant.now()))
                .get()
                .asString()
                .contains("inhibited");
    }
}
