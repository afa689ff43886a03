package io.outrider.collector.otlp;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who called whom across services, for OTLP spans that do not say: a client span that names no peer, and the server
 * span in another service whose parent it is. Spans of two services arrive in separate requests, in either order,
 * so the first to arrive waits here (at most {@value #CAPACITY} of each kind, for {@value #TTL_MS} ms) and the second
 * completes the link on its own tree — a client span gets a {@code Call.app} event naming the callee, or, when the
 * client span came first, the server tree gets a {@code RemoteParent.app} event naming the caller — so each call is
 * linked once. Within one collector instance: with several, a pair whose halves reach different instances stays
 * unlinked.
 */
public final class OtlpLinks {

    static final int CAPACITY = 100_000;
    static final long TTL_MS = 5 * 60_000;

    private record Waiting(String service, long sinceMillis) {}

    /** {@code traceId-spanId} of client spans without a peer → their service. */
    private final Map<String, Waiting> callers = lru();
    /** {@code traceId-parentSpanId} of server trees whose parent was not known → their service. */
    private final Map<String, Waiting> callees = lru();

    private static Map<String, Waiting> lru() {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Waiting> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    /** A client span without a peer: its callee, if that service's span came first; else it waits for it. */
    synchronized @Nullable String calleeOf(String spanKey, String callerService, long nowMillis) {
        Waiting callee = take(callees, spanKey, nowMillis);
        if (callee != null) return callee.service();
        callers.put(spanKey, new Waiting(callerService, nowMillis));
        return null;
    }

    /** A tree whose parent span is elsewhere: the caller, if its client span came first; else it waits for it. */
    synchronized @Nullable String callerOf(String parentKey, String calleeService, long nowMillis) {
        Waiting caller = take(callers, parentKey, nowMillis);
        if (caller != null) return caller.service().equals(calleeService) ? null : caller.service();
        callees.put(parentKey, new Waiting(calleeService, nowMillis));
        return null;
    }

    private static @Nullable Waiting take(Map<String, Waiting> map, String key, long nowMillis) {
        Waiting waiting = map.remove(key);
        return waiting == null || nowMillis - waiting.sinceMillis() > TTL_MS ? null : waiting;
    }
}
