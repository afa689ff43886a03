package io.outrider.core.trace;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one thread of one process recorded for one request: the header the CAT client sends and the root message.
 * Trees of one request across processes share a root id; each names its parent.
 *
 * @param parentMessageId the caller's tree, or null
 * @param rootMessageId the first tree of the request, or null when this is it
 */
public record MessageTree(
        String domain,
        String hostName,
        String ipAddress,
        String threadGroupName,
        String threadId,
        String threadName,
        String messageId,
        @Nullable String parentMessageId,
        @Nullable String rootMessageId,
        Message root) {

    public MessageTree {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(threadGroupName, "threadGroupName");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(root, "root");
        parentMessageId = blankToNull(parentMessageId);
        rootMessageId = blankToNull(rootMessageId);
    }

    /** The same header with another root message (e.g. after renaming within it). */
    public MessageTree withRoot(Message newRoot) {
        return withIdentity(messageId, parentMessageId, rootMessageId, newRoot);
    }

    /** The same thread and host with other ids and another root (e.g. a tree cut out of a merge tree). */
    public MessageTree withIdentity(
            String newMessageId, @Nullable String newParentId, @Nullable String newRootId, Message newRoot) {
        return new MessageTree(
                domain,
                hostName,
                ipAddress,
                threadGroupName,
                threadId,
                threadName,
                newMessageId,
                newParentId,
                newRootId,
                newRoot);
    }

    /** The id every tree of this request shares: the root id, or this tree's own id when it is the root. */
    public String traceId() {
        return rootMessageId != null ? rootMessageId : messageId;
    }

    private static @Nullable String blankToNull(@Nullable String id) {
        return id == null || id.isEmpty() || id.equals("null") ? null : id;
    }
}
