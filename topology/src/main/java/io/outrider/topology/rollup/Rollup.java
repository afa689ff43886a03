package io.outrider.topology.rollup;

import io.outrider.core.trace.MessageTree;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link MinuteRollupWriter} folds the span stream into, minute by minute: the dependency graph's edges, the
 * CAT-style reports. A minute of one partition is stored as one document of its entries.
 */
public interface Rollup {

    /** For thread names and logs: {@code topology}, {@code reports}. */
    String name();

    /** Daily indices {@code PREFIX-YYYY.MM.DD}. */
    String indexPrefix();

    /** The template of its daily indices, {@code outrider-NAME}: every rollup stores minutes the same way. */
    default IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-" + name(), List.of(indexPrefix() + "*"), 100, Rollup.class, "rollup-template.json");
    }

    /** Whether the tree has anything for this rollup (checked before its minute is loaded). */
    boolean concerns(MessageTree tree);

    /** A minute with nothing yet. */
    Minute empty();

    /** A minute as stored (its {@code entries}); throws {@link IllegalArgumentException} when unreadable. */
    Minute read(List<?> entries);

    /** One minute's figures in memory. */
    interface Minute {
        /** Folds the tree in. */
        void add(MessageTree tree);

        /** The stored form, one map per entry. */
        List<Map<String, Object>> entries();

        /** The services the entries are about, to find the document by. */
        Set<String> services();
    }
}
