package io.outrider.logistics.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server on the JDK's {@code HttpServer} with virtual threads: routes with path variables, JSON in and
 * out, and errors as JSON {@code {"error": ...}} with their status. Business routes go through an
 * {@link InboundGuard} (tracing, protection, metrics, faults); operational routes (health, metrics, control) do
 * not.
 */
public final class HttpApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApp.class);

    /** Handles a request; returns the JSON body, a {@link Response}, or null for 204. */
    @FunctionalInterface
    public interface Handler {
        @Nullable
        Object handle(Request request) throws Exception;
    }

    /** Wraps business handlers. */
    @FunctionalInterface
    public interface InboundGuard {
        @Nullable
        Object around(Request request, Handler handler) throws Exception;
    }

    /** A response with an explicit status or content type. */
    public record Response(int status, @Nullable Object body, String contentType) {
        public static Response json(int status, @Nullable Object body) {
            return new Response(status, body, "application/json");
        }

        public static Response text(String body, String contentType) {
            return new Response(200, body, contentType);
        }
    }

    private record Route(String method, String pattern, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final InboundGuard guard;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public HttpApp(int port, InboundGuard guard) {
        this.guard = guard;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** A business route, guarded. */
    public HttpApp route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, request -> guard.around(request, handler)));
        return this;
    }

    /** An operational route, not guarded. */
    public HttpApp operational(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, handler));
        return this;
    }

    public HttpApp start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Route matched = null;
            Map<String, String> variables = Map.of();
            boolean pathKnown = false;
            for (Route route : routes) {
                Map<String, String> v = Request.match(route.pattern(), path);
                if (v.isEmpty()) continue;
                pathKnown = true;
                if (route.method().equals(exchange.getRequestMethod())) {
                    matched = route;
                    variables = v;
                    break;
                }
            }
            if (matched == null) {
                write(
                        exchange,
                        Response.json(
                                pathKnown ? 405 : 404,
                                Map.of(
                                        "error",
                                        (pathKnown ? "method not allowed: " : "no such path: ")
                                                + exchange.getRequestMethod() + " " + path)));
                return;
            }
            write(exchange, respond(matched, new Request(exchange, matched.pattern(), variables)));
        } catch (IOException e) {
            log.debug("client went away: {}", e.toString());
        }
    }

    private static Response respond(Route route, Request request) {
        try {
            Object result = route.handler().handle(request);
            if (result instanceof Response response) return response;
            return result == null ? Response.json(204, null) : Response.json(200, result);
        } catch (HttpError e) {
            return Response.json(e.status(), Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            log.warn("{} {} failed: {}", request.method(), route.pattern(), e.toString());
            return Response.json(500, Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes;
        if (response.body() == null) bytes = new byte[0];
        else if (response.body() instanceof String text
                && !response.contentType().equals("application/json")) bytes = text.getBytes(StandardCharsets.UTF_8);
        else if (response.body() instanceof byte[] raw) bytes = raw;
        else bytes = Json.MAPPER.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        if (response.status() == 429 || response.status() == 503)
            exchange.getResponseHeaders().set("Retry-After", "1");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
