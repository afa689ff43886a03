package io.outrider.collector.cat.normalize;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes the client's merging: a {@code System/_CatMergeTree} transaction wraps up to about 200 standalone trees
 * (events and metrics logged outside a transaction) under the header of the first. Each child becomes a tree of
 * its own again, with its own timestamp, under the wrapper's header and an id {@code WRAPPER-ID#i}, since the
 * client gave them none.
 */
public final class MergeTrees {

    static final String TYPE = "System";
    static final String NAME = "_CatMergeTree";

    private MergeTrees() {}

    public static boolean isMerged(MessageTree tree) {
        Message root = tree.root();
        return root.kind() == MessageKind.TRANSACTION
                && root.type().equals(TYPE)
                && root.name().equals(NAME);
    }

    /** The trees inside a merge tree, or the tree itself when it is not one. */
    public static List<MessageTree> unwrap(MessageTree tree) {
        if (!isMerged(tree)) return List.of(tree);
        List<Message> children = tree.root().children();
        List<MessageTree> trees = new ArrayList<>(children.size());
        for (int i = 0; i < children.size(); i++) {
            trees.add(tree.withIdentity(tree.messageId() + "#" + i, null, null, children.get(i)));
        }
        return trees;
    }
}
