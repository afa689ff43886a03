package io.outrider.topology.graph;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The cross-service calls a tree records, seen from the caller, as CAT's dependency report sees them: a {@code Call}
 * (or {@code PigeonCall}) transaction whose {@code Call.app} ({@code PigeonCall.app}) event names the callee's
 * domain — or, without one, whose {@code RemoteCall} event names the callee's tree, whose CAT message id starts
 * with the callee's domain. A call of OTLP spans whose client span named no peer is counted on the callee's side
 * instead, from the {@code RemoteParent.app} event the collector put on the callee's tree. OTLP client spans arrive in the same shape (the collector maps them so). The callee's own {@code Service}
 * transaction is not counted again.
 */
public final class Calls {

    /** One call: who called whom, how long it took (µs), whether it failed. */
    public record Call(String caller, String callee, long durationMicros, boolean failed) {}

    private Calls() {}

    public static List<Call> of(MessageTree tree) {
        List<Call> calls = new ArrayList<>();
        Message root = tree.root();
        for (Message child : root.children()) {
            // an OTLP call whose client span named no peer, linked on the callee's side by the collector
            if (child.kind() == MessageKind.EVENT
                    && child.type().equals("RemoteParent.app")
                    && !child.name().isBlank()) {
                calls.add(new Call(child.name(), tree.domain(), root.durationMicros(), !root.isSuccess()));
                break;
            }
        }
        collect(tree.domain(), root, calls);
        return calls;
    }

    /** The {@code Call.app} event's name, else the domain in the message id its {@code RemoteCall} event names. */
    private static @Nullable String callee(Message call) {
        String appType = call.type() + ".app";
        String fromRemoteCall = null;
        for (Message child : call.children()) {
            if (child.kind() != MessageKind.EVENT) continue;
            if (child.type().equals(appType) && !child.name().isBlank()) return child.name();
            if (child.type().equals("RemoteCall") && fromRemoteCall == null) {
                Matcher id = CAT_MESSAGE_ID.matcher(child.data());
                if (id.matches()) fromRemoteCall = id.group(1);
            }
        }
        return fromRemoteCall;
    }

    /** {@code domain-hexip-hour-index}, as the CAT client makes message ids. */
    private static final Pattern CAT_MESSAGE_ID = Pattern.compile("(.+)-[0-9a-f]{8}-\\d+-\\d+");

    private static void collect(String caller, Message message, List<Call> calls) {
        if (message.kind() == MessageKind.TRANSACTION
                && (message.type().equals("Call") || message.type().equals("PigeonCall"))) {
            String callee = callee(message);
            if (callee != null) calls.add(new Call(caller, callee, message.durationMicros(), !message.isSuccess()));
        }
        for (Message child : message.children()) collect(caller, child, calls);
    }
}
