package io.outrider.collector.cat.normalize;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.ArrayList;
import java.util.List;

/** All normalization of a decoded tree before it is published: merge trees unwrapped, URL names made few. */
public final class TreeNormalizer {

    private TreeNormalizer() {}

    public static List<MessageTree> normalize(MessageTree decoded) {
        List<MessageTree> trees = MergeTrees.unwrap(decoded);
        List<MessageTree> normalized = new ArrayList<>(trees.size());
        for (MessageTree tree : trees) {
            normalized.add(tree.withRoot(urlNames(tree.root())));
        }
        return normalized;
    }

    private static Message urlNames(Message message) {
        if (message.kind() != MessageKind.TRANSACTION) return message;
        List<Message> children =
                message.children().stream().map(TreeNormalizer::urlNames).toList();
        String name = message.type().equals("URL") ? UrlNames.normalize(message.name()) : message.name();
        return Message.transaction(
                message.timestampMillis(),
                message.type(),
                name,
                message.status(),
                message.data(),
                message.durationMicros(),
                children);
    }
}
