package io.outrider.topology.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRollupTest {

    private static MessageTree tree(String id, String url, long micros, boolean withError) {
        long t = 1_700_000_000_000L;
        List<Message> children = withError
                ? List.of(
                        Message.transaction(t, "SQL", "OrderMapper.select", "0", "", 1_500_000, List.of()),
                        Message.leaf(MessageKind.EVENT, t, "Error", "java.lang.IllegalStateException", "ERROR", "boom"))
                : List.of(Message.leaf(MessageKind.EVENT, t, "URL.Method", "GET", "0", ""));
        return new MessageTree(
                "order-service",
                "h",
                "10.0.0.1",
                "g",
                "1",
                "t",
                id,
                null,
                null,
                Message.transaction(t, "URL", url, withError ? "ERROR" : "0", "", micros, children));
    }

    @Test
    void transactionsEventsAndProblemsAreCountedAndSurviveStorage() {
        ReportRollup rollup = new ReportRollup();
        ReportRollup.Rows rows = (ReportRollup.Rows) rollup.empty();
        rows.add(tree("a", "/orders", 2_000, false));
        rows.add(tree("b", "/orders", 4_000, false));
        rows.add(tree("c", "/orders", 1_200_000, true));

        ReportRollup.Rows stored = (ReportRollup.Rows) rollup.read(rows.entries());

        var url = stored.transactions().get(new ReportRollup.Key("transaction", "order-service", "URL", "/orders"));
        assertThat(url.calls()).isEqualTo(3);
        assertThat(url.failures()).isEqualTo(1);
        assertThat(url.minMicros()).isEqualTo(2_000);
        assertThat(url.maxMicros()).isEqualTo(1_200_000);
        assertThat(stored.events().get(new ReportRollup.Key("event", "order-service", "URL.Method", "GET")))
                .containsExactly(2, 0);
        assertThat(stored.problems().keySet())
                .extracting(ReportRollup.Key::type, ReportRollup.Key::name)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("failure", "URL:/orders"),
                        org.assertj.core.groups.Tuple.tuple("long-url", "URL:/orders"),
                        org.assertj.core.groups.Tuple.tuple("long-sql", "SQL:OrderMapper.select"),
                        org.assertj.core.groups.Tuple.tuple("error", "java.lang.IllegalStateException"));
        assertThat(stored.problems()
                        .get(new ReportRollup.Key(
                                "problem", "order-service", "error", "java.lang.IllegalStateException"))
                        .sample())
                .isEqualTo("c");
        assertThat(stored.services()).containsExactly("order-service");
    }

    @Test
    void aServiceInventingNamesIsCappedUnderOther() {
        ReportRollup.Rows rows = (ReportRollup.Rows) new ReportRollup().empty();
        for (int i = 0; i < ReportRollup.MAX_KEYS + 500; i++)
            rows.add(tree("m" + i, "/orders/" + i + "x", 1000, false));

        long named = rows.transactions().keySet().stream()
                .filter(k -> k.type().equals("URL") && !k.name().equals(ReportRollup.OTHER))
                .count();
        var other = rows.transactions()
                .get(new ReportRollup.Key("transaction", "order-service", "URL", ReportRollup.OTHER));
        assertThat(named).isEqualTo(ReportRollup.MAX_KEYS);
        assertThat(other.calls()).isEqualTo(500);
    }
}
