package io.outrider.topology.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.topology.report.ReportStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceStateTest {

    @Test
    void anInstanceIsUpWhileItsHeartbeatsArriveAndDownWhenTheyStop() {
        Instant end = Instant.parse("2026-11-24T12:00:00Z");
        Window window = new Window(end.minusSeconds(900), end, null);

        Map<String, Object> recent = ReportController.instance("10.0.0.1", heardAt(end.minusSeconds(60)), window);
        Map<String, Object> silent = ReportController.instance("10.0.0.2", heardAt(end.minusSeconds(600)), window);

        assertThat(recent).containsEntry("up", true).containsEntry("lastHeartbeat", "2026-11-24T11:59:00Z");
        assertThat(silent).containsEntry("up", false);
    }

    private static ReportStore.Instance heardAt(Instant when) {
        return ReportStore.Instance.lastHeardAt(when.toEpochMilli());
    }
}
