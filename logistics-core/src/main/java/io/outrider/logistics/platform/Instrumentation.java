package io.outrider.logistics.platform;

import com.alibaba.csp.sentinel.Entry;
import com.alibaba.csp.sentinel.EntryType;
import com.alibaba.csp.sentinel.SphU;
import com.alibaba.csp.sentinel.Tracer;
import com.alibaba.csp.sentinel.slots.block.BlockException;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeException;
import com.alibaba.csp.sentinel.slots.block.flow.FlowException;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowException;
import com.alibaba.csp.sentinel.slots.system.SystemBlockException;
import com.dianping.cat.Cat;
import com.dianping.cat.message.Message;
import com.dianping.cat.message.Transaction;
import io.outrider.logistics.control.Switches;
import io.outrider.logistics.fault.FaultInjector;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every inbound business request goes through: a CAT transaction ({@code URL} from outside, {@code Service}
 * when another logistics service calls, continuing the caller's tree) with the city the request is for as its data
 * ({@code city=beijing}, from {@value #CITY_HEADER}: the city a request serves travels with it from the edge, as a unit
 * key does in unitized deployments), load shedding by traffic class (the {@value #SHED_SWITCH} switch; shed requests
 * get 429), injected faults (those of one city only touch its requests), the Sentinel resource of the endpoint
 * (blocked requests get 429), and request metrics (outcome ok, error, blocked, shed).
 */
public final class Instrumentation implements HttpApp.InboundGuard {

    /** Headers that carry the caller's CAT context across HTTP. */
    public static final String ROOT_HEADER = "X-CAT-ROOT-ID";

    public static final String PARENT_HEADER = "X-CAT-PARENT-ID";
    public static final String CHILD_HEADER = "X-CAT-ID";
    public static final String CALLER_HEADER = "X-CAT-APP";
    /** The city a request is for, set at the edge (the traffic generator, a gateway) and passed on by every call. */
    public static final String CITY_HEADER = "X-City";

    private static final java.util.regex.Pattern CITY = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ServiceName service;
    private final ServiceMetrics metrics;
    private final FaultInjector faults;
    private final Switches switches;
    private final java.time.Clock clock;

    /** The traffic class of a request ({@code instant}, {@code scheduled}, ...); none is never shed. */
    public static final String TRAFFIC_CLASS_HEADER = "X-Traffic-Class";
    /** Classes of traffic refused for now, comma-separated (a degrade switch of every service). */
    public static final String SHED_SWITCH = "traffic.shed";

    public Instrumentation(
            ServiceName service,
            ServiceMetrics metrics,
            FaultInjector faults,
            Switches switches,
            java.time.Clock clock) {
        this.service = service;
        this.metrics = metrics;
        this.faults = faults;
        this.switches = switches.define(SHED_SWITCH, "");
        this.clock = clock;
    }

    /** The Sentinel resource of a route: {@code order:POST:/orders}. Param rules see the request's argument. */
    public static String resource(ServiceName service, String method, String route) {
        return service.id() + ":" + method + ":" + route;
    }

    @Override
    public @Nullable Object around(Request request, HttpApp.Handler handler) throws Exception {
        String caller = request.header(CALLER_HEADER);
        Transaction transaction =
                Cat.newTransaction(caller == null ? "URL" : "Service", request.method() + " " + request.route());
        String city = city(request);
        if (city != null) transaction.addData("city", city);
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            if (caller == null) {
                Cat.logEvent("URL.Server", request.remoteAddress());
            } else {
                Cat.logRemoteCallServer(new HeaderContext(request));
                Cat.logEvent("Service.client", request.remoteAddress());
                Cat.logEvent("Service.app", caller);
            }
            String trafficClass = request.header(TRAFFIC_CLASS_HEADER);
            if (trafficClass != null && shed(trafficClass)) {
                outcome = "shed";
                transaction.setStatus("Shed");
                throw new HttpError(
                        429,
                        "traffic class " + trafficClass + " is shed on " + service.domain() + " for now; retry later");
            }
            faults.beforeInbound(request.route(), city);
            Entry entry = SphU.entry(resource(service, request.method(), request.route()), EntryType.IN);
            try {
                Object result = handler.handle(request);
                transaction.setStatus(Message.SUCCESS);
                return result;
            } catch (HttpError e) {
                if (e.status() >= 500) Tracer.trace(e);
                throw e;
            } catch (Exception e) {
                Tracer.trace(e);
                throw e;
            } finally {
                entry.exit();
            }
        } catch (BlockException e) {
            outcome = "blocked";
            transaction.setStatus("Blocked");
            metrics.blocked
                    .labelValues(
                            service.id(),
                            e.getRule() == null ? request.route() : e.getRule().getResource(),
                            ruleKind(e))
                    .inc();
            Cat.logEvent("Sentinel.Block", request.route(), "Blocked", ruleKind(e));
            throw new HttpError(
                    429, "too many requests: " + ruleKind(e) + " rule on " + request.route() + "; retry later");
        } catch (HttpError e) {
            if (!outcome.equals("shed")) {
                outcome = e.status() >= 500 ? "error" : "ok";
                transaction.setStatus(e.status() >= 500 ? "HTTP" + e.status() : Message.SUCCESS);
            }
            if (e.status() >= 500) Cat.logError(e);
            throw e;
        } catch (Exception e) {
            outcome = "error";
            transaction.setStatus(e);
            Cat.logError(e);
            throw e;
        } finally {
            metrics.requests.labelValues(service.id(), request.route(), outcome).inc();
            metrics.requestSeconds
                    .labelValues(service.id(), request.route())
                    .observe((System.nanoTime() - start) / 1e9);
            transaction.complete();
        }
    }

    /** The city of {@value #CITY_HEADER}, or null when there is none or it is not a city's name. */
    static @Nullable String city(Request request) {
        String city = request.header(CITY_HEADER);
        return city != null && CITY.matcher(city).matches() ? city : null;
    }

    private boolean shed(String trafficClass) {
        for (String shed : switches.text(SHED_SWITCH, clock.instant()).split(","))
            if (shed.strip().equals(trafficClass)) return true;
        return false;
    }

    static String ruleKind(BlockException e) {
        if (e instanceof ParamFlowException) return "param";
        if (e instanceof FlowException) return "flow";
        if (e instanceof DegradeException) return "degrade";
        if (e instanceof SystemBlockException) return "system";
        return "other";
    }

    /**
     * Runs {@code body} inside the Sentinel resource {@code resource} (e.g. {@code order.create}) with {@code param}
     * as argument 0, which hot-parameter rules limit per value (per city). A refusal surfaces as a 429.
     */
    public static <T> T guard(String resource, Object param, java.util.concurrent.Callable<T> body) throws Exception {
        Entry entry = SphU.entry(resource, EntryType.IN, 1, param);
        try {
            return body.call();
        } catch (Exception e) {
            Tracer.trace(e);
            throw e;
        } finally {
            entry.exit(1, param);
        }
    }

    /** CAT's RPC context read from and written to HTTP headers. */
    static final class HeaderContext implements Cat.Context {
        private final Map<String, String> properties = new HashMap<>();

        HeaderContext() {}

        HeaderContext(Request request) {
            put(Cat.Context.ROOT, request.header(ROOT_HEADER));
            put(Cat.Context.PARENT, request.header(PARENT_HEADER));
            put(Cat.Context.CHILD, request.header(CHILD_HEADER));
        }

        private void put(String key, @Nullable String value) {
            if (value != null) properties.put(key, value);
        }

        @Override
        public void addProperty(String key, String value) {
            properties.put(key, value);
        }

        @Override
        public @Nullable String getProperty(String key) {
            return properties.get(key);
        }

        Map<String, String> headers() {
            Map<String, String> headers = new HashMap<>();
            if (properties.containsKey(Cat.Context.ROOT)) headers.put(ROOT_HEADER, properties.get(Cat.Context.ROOT));
            if (properties.containsKey(Cat.Context.PARENT))
                headers.put(PARENT_HEADER, properties.get(Cat.Context.PARENT));
            if (properties.containsKey(Cat.Context.CHILD)) headers.put(CHILD_HEADER, properties.get(Cat.Context.CHILD));
            return headers;
        }
    }
}
