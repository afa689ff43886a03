package io.outrider.logistics.platform;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/** One inbound HTTP request, with the route's path variables. */
public final class Request {

    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpExchange exchange;
    private final Map<String, String> pathVariables;
    private final String route;
    private byte @Nullable [] body;

    Request(HttpExchange exchange, String route, Map<String, String> pathVariables) {
        this.exchange = exchange;
        this.route = route;
        this.pathVariables = pathVariables;
    }

    /** The route pattern that matched, e.g. {@code /orders/{id}}: the low-cardinality name of the endpoint. */
    public String route() {
        return route;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path(String name) {
        String value = pathVariables.get(name);
        if (value == null) throw new IllegalArgumentException("no path variable " + name + " in " + route);
        return value;
    }

    public @Nullable String query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) return null;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name))
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    public @Nullable String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The body as {@code type}; a body that is not valid JSON of that shape is a 400 that names the problem. */
    public <T> T body(Class<T> type) {
        byte[] bytes = bytes();
        if (bytes.length == 0)
            throw HttpError.badRequest("request body is empty; expected JSON " + type.getSimpleName());
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (JacksonException e) {
            throw HttpError.badRequest("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    byte[] bytes() {
        if (body == null) {
            try {
                byte[] read = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
                if (read.length > MAX_BODY_BYTES)
                    throw new HttpError(413, "request body over " + MAX_BODY_BYTES + " bytes");
                body = read;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    static Map<String, String> match(String pattern, String path) {
        String[] p = pattern.split("/");
        String[] a = path.split("/");
        if (p.length != a.length) return Map.of();
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < p.length; i++) {
            if (p[i].startsWith("{") && p[i].endsWith("}")) {
                if (a[i].isEmpty()) return Map.of();
                variables.put(p[i].substring(1, p[i].length() - 1), a[i]);
            } else if (!p[i].equals(a[i])) {
                return Map.of();
            }
        }
        variables.put("", ""); // non-empty marks a match even without variables
        return variables;
    }
}
