package io.outrider.topology.graph;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross-service calls a tree records, seen from the caller, as CAT's dependency report sees them: a {@code Call}
 * (or {@code PigeonCall}) transaction whose {@code Call.app} ({@code PigeonCall.app}) event names the callee's
 * domain. OTLP client spans arrive in the same shape (the collector maps them so). The callee's own {@code Service}
 * transaction is not counted again.
 */
public final class Calls {

    /** One call: who called whom, how long it took (µs), whether it failed. */
    public record Call(String caller, String callee, long durationMicros, boolean failed) {}

    private Calls() {}

    public static List<Call> of(MessageTree tree) {
        List<Call> calls = new ArrayList<>();
        collect(tree.domain(), tree.root(), calls);
        return calls;
    }

    private static void collect(String caller, Message message, List<Call> calls) {
        if (message.kind() == MessageKind.TRANSACTION
                && (message.type().equals("Call") || message.type().equals("PigeonCall"))) {
            String appType = message.type() + ".app";
            for (Message child : message.children()) {
                if (child.kind() == MessageKind.EVENT
                        && child.type().equals(appType)
                        && !child.name().isBlank()) {
                    calls.add(new Call(caller, child.name(), message.durationMicros(), !message.isSuccess()));
                    break;
                }
            }
        }
        for (Message child : message.children()) collect(caller, child, calls);
    }
}
