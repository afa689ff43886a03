package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.dedup.rca.ServiceSeries;
import io.outrider.topology.report.ReportRollup;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReportSeriesTest {

    private static final long T0 = 1_790_000_000_000L / 60_000 * 60_000;

    private static MessageTree request(long at, String url, long micros, boolean failed) {
        return new MessageTree(
                "eta-service",
                "h",
                "10.0.0.9",
                "g",
                "1",
                "t",
                "m" + at + url + micros,
                null,
                null,
                Message.transaction(at, "URL", url, failed ? "ERROR" : "0", "", micros, List.of()));
    }

    private static MessageTree heartbeat(long at, String ip, double load, int gcMillis) {
        String status = """
                <?xml version="1.0" encoding="utf-8"?>
                <status><thread count="40"/><os system-load-average="%s"/>
                <gc name="G1 Young" count="3" time="%d"/></status>""".formatted(load, gcMillis);
        return new MessageTree(
                "eta-service",
                "h",
                ip,
                "g",
                "1",
                "t",
                "hb" + at + ip,
                null,
                null,
                Message.transaction(
                        at,
                        "System",
                        "Status",
                        "0",
                        "",
                        10,
                        List.of(Message.leaf(MessageKind.HEARTBEAT, at, "Heartbeat", ip, "0", status.strip()))));
    }

    @Test
    void minutesBecomeServiceSeriesOverallPerEndpointAndPerInstance() {
        SortedMap<Long, ReportRollup.Rows> minutes = new TreeMap<>();
        for (int m = 0; m < 12; m++) {
            if (m == 6) continue; // a minute in which the service served nothing
            ReportRollup.Rows rows = new ReportRollup.Rows();
            long at = T0 + m * 60_000L;
            boolean slow = m >= 9;
            for (int i = 0; i < 10; i++) rows.add(request(at + i, "/eta", slow ? 300_000 : 5_000 + i * 100, i == 0));
            rows.add(request(at + 20, "/health", 1_000, false));
            rows.add(heartbeat(at + 30, "10.0.0.9", 0.5, 100 * m));
            if (m < 10) rows.add(heartbeat(at + 31, "10.0.0.10", 1.5, 50 * m)); // the second instance goes quiet
            minutes.put(at, rows);
        }

        Map<String, ServiceSeries> series =
                ReportSeries.of("eta-service", minutes, T0 - 60_000, T0 + 12 * 60_000L).stream()
                        .collect(Collectors.toMap(ServiceSeries::metric, Function.identity()));

        assertThat(series.keySet())
                .contains(
                        "calls",
                        "error_rate",
                        "lat_99",
                        "lat_99 URL:/eta",
                        "error_rate URL:/eta",
                        "calls URL:/eta",
                        "lat_99 URL:/health",
                        "instances",
                        "load",
                        "threads",
                        "gc_ms");
        ServiceSeries calls = series.get("calls");
        assertThat(calls.times()).hasSize(13);
        assertThat(calls.times()[1]).isEqualTo(T0);
        // before the first report the service is unknown; after it, a silent minute served nothing
        assertThat(calls.values()[0]).isNaN();
        assertThat(calls.values()[1]).isEqualTo(11);
        assertThat(calls.values()[7]).isZero();
        assertThat(series.get("lat_99").values()[7]).isNaN();
        assertThat(series.get("error_rate URL:/eta").values()[1]).isEqualTo(0.1);
        assertThat(series.get("lat_99 URL:/eta").values()[2]).isBetween(5.8, 6.0);
        assertThat(series.get("lat_99 URL:/eta").values()[12]).isBetween(295.0, 305.0);
        assertThat(series.get("instances").values()[1]).isEqualTo(2);
        assertThat(series.get("instances").values()[12]).isEqualTo(1);
        assertThat(series.get("load").values()[1]).isEqualTo(1.0);
        // GC time is a counter: the series is what it grew by in each minute, summed over the instances
        assertThat(series.get("gc_ms").values()[1]).isNaN();
        assertThat(series.get("gc_ms").values()[2]).isEqualTo(150);
    }

    @Test
    void businessMetricsAreTheKpis() {
        SortedMap<Long, ReportRollup.Rows> minutes = new TreeMap<>();
        for (int m = 0; m < 5; m++) {
            ReportRollup.Rows rows = new ReportRollup.Rows();
            long at = T0 + m * 60_000L;
            String metrics = m < 3 ? "3,100.25" : "1,20.00";
            rows.add(new MessageTree(
                    "order-service",
                    "h",
                    "10.0.0.7",
                    "g",
                    "1",
                    "t",
                    "biz" + m,
                    null,
                    null,
                    Message.transaction(
                            at,
                            "URL",
                            "/orders",
                            "0",
                            "",
                            10,
                            List.of(
                                    Message.leaf(
                                            MessageKind.METRIC, at, "", "order.dispatched", "C", m < 3 ? "10" : "4"),
                                    Message.leaf(MessageKind.METRIC, at, "", "order.amount", "S,C", metrics)))));
            minutes.put(at, rows);
        }
        Map<String, ServiceSeries> kpis = ReportSeries.kpis("order-service", minutes, T0, T0 + 5 * 60_000L).stream()
                .collect(Collectors.toMap(ServiceSeries::metric, Function.identity()));
        assertThat(kpis.get("order.dispatched").values()).containsExactly(10, 10, 10, 4, 4);
        assertThat(kpis.get("order.amount mean").values()[0])
                .isCloseTo(100.25 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aServiceWithoutReportsHasNoSeries() {
        assertThat(ReportSeries.of("ghost", new TreeMap<>(), T0, T0 + 600_000)).isEmpty();
    }
}
