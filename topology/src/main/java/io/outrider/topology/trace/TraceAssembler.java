package io.outrider.topology.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds one request across services from its stored trees, as CAT's logview shows it. Trees link the CAT way: a
 * caller's {@code RemoteCall} event carries the callee tree's message id in its data, and the callee tree names the
 * caller as its parent; a tree split for length ends with {@code RemoteCall Next} naming its continuation. Each
 * linked tree is placed under the event that names it ({@code "linked"}); a tree whose parent is here but which no
 * event names is listed under its parent ({@code "unlinked"}, e.g. OTLP trees, whose parent is a span); trees whose
 * parent is not among them are roots. Ids named by an event but not stored (yet) are reported as {@code missing}.
 */
public final class TraceAssembler {

    private TraceAssembler() {}

    /**
     * A stored tree: its span document as Elasticsearch returns it ({@code messageId}, {@code parentMessageId},
     * {@code domain}, {@code tree}, ...).
     */
    public record StoredTree(Map<String, Object> document) {
        String messageId() {
            return String.valueOf(document.get("messageId"));
        }

        String parentMessageId() {
            Object parent = document.get("parentMessageId");
            return parent == null ? "" : parent.toString();
        }

        long timestamp() {
            return document.get("timestamp") instanceof Number n ? n.longValue() : 0;
        }
    }

    /**
     * @param roots the trees whose parent is not stored, earliest first, each with what hangs below it
     * @param services the services the request went through, in order of first appearance
     * @param missing message ids named by a {@code RemoteCall} but not stored
     */
    public record Trace(
            String traceId, int trees, List<Map<String, Object>> roots, List<String> services, List<String> missing) {}

    public static Trace assemble(String traceId, List<StoredTree> stored) {
        Map<String, StoredTree> byId = new LinkedHashMap<>();
        for (StoredTree tree : stored.stream()
                .sorted(Comparator.comparingLong(StoredTree::timestamp))
                .toList()) byId.putIfAbsent(tree.messageId(), tree);
        Map<String, List<StoredTree>> children = new HashMap<>();
        List<StoredTree> roots = new ArrayList<>();
        for (StoredTree tree : byId.values()) {
            String parent = tree.parentMessageId();
            if (!parent.isEmpty() && byId.containsKey(parent) && !parent.equals(tree.messageId()))
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(tree);
            else roots.add(tree);
        }
        Builder builder = new Builder(byId, children);
        List<Map<String, Object>> assembled = new ArrayList<>();
        for (StoredTree root : roots) assembled.add(builder.node(root));
        // whatever a cycle of parents kept from being reached is shown as a root, not lost
        for (StoredTree tree : byId.values())
            if (!builder.placed.contains(tree.messageId())) assembled.add(builder.node(tree));
        List<String> services = new ArrayList<>(new LinkedHashSet<>(byId.values().stream()
                .map(t -> String.valueOf(t.document().get("domain")))
                .toList()));
        return new Trace(traceId, byId.size(), assembled, services, List.copyOf(builder.missing));
    }

    private static final class Builder {
        final Map<String, StoredTree> byId;
        final Map<String, List<StoredTree>> children;
        final Set<String> placed = new HashSet<>();
        final Set<String> missing = new LinkedHashSet<>();

        Builder(Map<String, StoredTree> byId, Map<String, List<StoredTree>> children) {
            this.byId = byId;
            this.children = children;
        }

        Map<String, Object> node(StoredTree stored) {
            placed.add(stored.messageId());
            Map<String, Object> node = new LinkedHashMap<>(stored.document());
            Object tree = node.get("tree");
            if (tree instanceof Map<?, ?> message) node.put("tree", link(message, stored));
            List<Map<String, Object>> unlinked = new ArrayList<>();
            for (StoredTree child : children.getOrDefault(stored.messageId(), List.of()))
                if (!placed.contains(child.messageId())) unlinked.add(node(child));
            if (!unlinked.isEmpty()) node.put("unlinked", unlinked);
            return node;
        }

        /** A copy of {@code message} with the trees its {@code RemoteCall} events name placed under them. */
        private Map<String, Object> link(Map<?, ?> message, StoredTree owner) {
            Map<String, Object> out = new LinkedHashMap<>();
            message.forEach((k, v) -> out.put(String.valueOf(k), v));
            if ("RemoteCall".equals(out.get("type")) && out.get("data") instanceof String id && !id.isEmpty()) {
                StoredTree target = byId.get(id);
                if (target == null) missing.add(id);
                else if (!placed.contains(id) && owner.messageId().equals(target.parentMessageId()))
                    out.put("linked", node(target));
            }
            if (out.get("children") instanceof List<?> kids) {
                List<Object> linked = new ArrayList<>(kids.size());
                for (Object kid : kids) linked.add(kid instanceof Map<?, ?> m ? link(m, owner) : kid);
                out.put("children", linked);
            }
            return out;
        }
    }
}
