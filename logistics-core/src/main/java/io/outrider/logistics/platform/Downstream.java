package io.outrider.logistics.platform;

import com.alibaba.csp.sentinel.Entry;
import com.alibaba.csp.sentinel.EntryType;
import com.alibaba.csp.sentinel.SphU;
import com.alibaba.csp.sentinel.Tracer;
import com.alibaba.csp.sentinel.slots.block.BlockException;
import com.dianping.cat.Cat;
import com.dianping.cat.message.Message;
import com.dianping.cat.message.Transaction;
import io.outrider.logistics.fault.FaultInjector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;

/**
 * Calls from one logistics service to another: a CAT {@code Call} transaction with {@code Call.app},
 * {@code Call.server} and {@code Call.port} events and the remote-call context in headers (so the callee's tree
 * links to this one), the city the call is for in {@value Instrumentation#CITY_HEADER} (every call serves one city's
 * orders, riders or prices), the Sentinel resource {@code call:TARGET} (degrade rules open a circuit here), injected
 * dependency outages, a timeout, and call metrics. Failures are {@link CallFailed}: callers decide the fallback.
 */
public final class Downstream {

    /** A call that did not produce an answer: refused by a rule, failed, timed out or answered with an error. */
    public static final class CallFailed extends Exception {
        private final boolean blocked;

        CallFailed(String message, boolean blocked, Throwable cause) {
            super(message, cause);
            this.blocked = blocked;
        }

        CallFailed(String message) {
            super(message);
            this.blocked = false;
        }

        /** Whether a Sentinel rule refused the call (circuit open, flow limit) rather than the call failing. */
        public boolean blocked() {
            return blocked;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ServiceConfig config;
    private final ServiceMetrics metrics;
    private final FaultInjector faults;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public Downstream(ServiceConfig config, ServiceMetrics metrics, FaultInjector faults) {
        this.config = config;
        this.metrics = metrics;
        this.faults = faults;
    }

    /** The Sentinel resource of calls to {@code target}. */
    public static String resource(ServiceName target) {
        return "call:" + target.id();
    }

    /** POSTs {@code body} as JSON for {@code city} and reads the answer as {@code type}. */
    public <T> T post(ServiceName target, String city, String path, Object body, Class<T> type) throws CallFailed {
        return call(target, city, "POST", path, body, type);
    }

    public <T> T get(ServiceName target, String city, String path, Class<T> type) throws CallFailed {
        return call(target, city, "GET", path, null, type);
    }

    private <T> T call(
            ServiceName target,
            String city,
            String method,
            String path,
            @org.jspecify.annotations.Nullable Object body,
            Class<T> type)
            throws CallFailed {
        String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Transaction transaction = Cat.newTransaction("Call", target.domain() + ":" + method + " " + normalize(route));
        String outcome = "ok";
        try {
            Cat.logEvent("Call.app", target.domain());
            Cat.logEvent("Call.server", "127.0.0.1");
            Cat.logEvent("Call.port", Integer.toString(target.port(config.basePort())));
            Instrumentation.HeaderContext context = new Instrumentation.HeaderContext();
            Cat.logRemoteCallClient(context, target.domain());
            Entry entry = SphU.entry(resource(target), EntryType.OUT);
            try {
                faults.beforeCall(target, city, TIMEOUT);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUrl(target) + path))
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header(Instrumentation.CALLER_HEADER, config.service().domain())
                        .header(Instrumentation.CITY_HEADER, city);
                context.headers().forEach(request::header);
                request.method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= 400) {
                    CallFailed failed = new CallFailed(target.domain() + " answered " + response.statusCode() + ": "
                            + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                    if (response.statusCode() >= 500) Tracer.trace(failed);
                    throw failed;
                }
                T result = Json.MAPPER.readValue(response.body(), type);
                transaction.setStatus(Message.SUCCESS);
                return result;
            } catch (IOException | JacksonException | FaultInjector.InjectedOutage e) {
                Tracer.trace(e);
                throw new CallFailed("call to " + target.domain() + " " + path + " failed: " + e, false, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallFailed("interrupted calling " + target.domain(), false, e);
            } finally {
                entry.exit();
            }
        } catch (BlockException e) {
            outcome = "blocked";
            transaction.setStatus("Blocked");
            metrics.blocked
                    .labelValues(config.service().id(), resource(target), Instrumentation.ruleKind(e))
                    .inc();
            throw new CallFailed(
                    "call to " + target.domain() + " refused by a " + Instrumentation.ruleKind(e) + " rule", true, e);
        } catch (CallFailed e) {
            outcome = "error";
            transaction.setStatus(e.getCause() != null ? e.getCause().getClass().getName() : "ERROR");
            Cat.logError(e);
            throw e;
        } finally {
            metrics.calls
                    .labelValues(config.service().id(), target.id(), outcome)
                    .inc();
            transaction.complete();
        }
    }

    /**
     * Path segments that carry an id (any segment with a digit: {@code shanghai-2bx}, {@code 42}) become {@code {id}},
     * so that call names stay few, as CAT's URL names do.
     */
    static String normalize(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].chars().anyMatch(Character::isDigit)) segments[i] = "{id}";
        }
        return String.join("/", segments);
    }
}
