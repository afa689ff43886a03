package io.outrider.topology.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceAssemblerTest {

    private static Map<String, Object> message(String type, String name, String data, Map<String, Object>... children) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", children.length > 0 || type.equals("URL") || type.equals("Call") ? "t" : "e");
        m.put("type", type);
        m.put("name", name);
        m.put("status", "0");
        if (!data.isEmpty()) m.put("data", data);
        if (children.length > 0) m.put("children", List.of(children));
        return m;
    }

    private static TraceAssembler.StoredTree tree(
            String id, String parent, String domain, long ts, Map<String, Object> root) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("messageId", id);
        if (parent != null) doc.put("parentMessageId", parent);
        doc.put("traceId", "order-1");
        doc.put("domain", domain);
        doc.put("timestamp", ts);
        doc.put("tree", root);
        return new TraceAssembler.StoredTree(doc);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> message, int i) {
        return (Map<String, Object>) ((List<Object>) message.get("children")).get(i);
    }

    @Test
    void callsSplitTreesAndUnnamedChildrenAreRebuiltAsOneRequest() {
        var caller = tree(
                "order-1",
                null,
                "order-service",
                100,
                message(
                        "URL",
                        "/orders",
                        "",
                        message(
                                "Call",
                                "rider:/assign",
                                "",
                                message("Call.app", "rider-service", ""),
                                message("RemoteCall", "", "rider-1")),
                        message("Call", "eta:/predict", "", message("RemoteCall", "", "eta-1"))));
        var callee = tree(
                "rider-1",
                "order-1",
                "rider-service",
                110,
                message("Service", "/assign", "", message("RemoteCall", "Next", "rider-2")));
        var continuation = tree("rider-2", "rider-1", "rider-service", 120, message("Service", "/assign", ""));
        var unnamed = tree("pricing-1", "order-1", "pricing-service", 130, message("Service", "/quote", ""));

        // given in any order
        TraceAssembler.Trace trace = TraceAssembler.assemble("order-1", List.of(unnamed, continuation, callee, caller));

        assertThat(trace.trees()).isEqualTo(4);
        assertThat(trace.roots()).hasSize(1);
        assertThat(trace.services()).containsExactly("order-service", "rider-service", "pricing-service");
        assertThat(trace.missing()).containsExactly("eta-1");
        Map<String, Object> root = trace.roots().getFirst();
        assertThat(root.get("messageId")).isEqualTo("order-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> rootMessage = (Map<String, Object>) root.get("tree");
        Map<String, Object> remoteCall = child(child(rootMessage, 0), 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> linked = (Map<String, Object>) remoteCall.get("linked");
        assertThat(linked.get("messageId")).isEqualTo("rider-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> next = (Map<String, Object>)
                child((Map<String, Object>) linked.get("tree"), 0).get("linked");
        assertThat(next.get("messageId")).isEqualTo("rider-2");
        assertThat((List<?>) root.get("unlinked")).hasSize(1);
        assertThat(((Map<?, ?>) ((List<?>) root.get("unlinked")).getFirst()).get("messageId"))
                .isEqualTo("pricing-1");
    }

    @Test
    void treesWhoseParentIsNotStoredAreRootsAndACycleLosesNothing() {
        var orphan = tree("a", "gone", "order-service", 1, message("URL", "/a", ""));
        var x = tree("x", "y", "eta-service", 2, message("Service", "/x", ""));
        var y = tree("y", "x", "eta-service", 3, message("Service", "/y", ""));

        TraceAssembler.Trace trace = TraceAssembler.assemble("t", List.of(orphan, x, y));

        assertThat(trace.roots()).extracting(r -> r.get("messageId")).contains("a");
        assertThat(trace.roots().toString()).contains("messageId=x").contains("messageId=y");
        assertThat(trace.trees()).isEqualTo(3);
    }
}
