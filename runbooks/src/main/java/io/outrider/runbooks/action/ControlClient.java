package io.outrider.runbooks.action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control API of the logistics core's services ({@code /control/rules/{kind}}, {@code /control/switches}):
 * bearer token, the acting person or run as {@code X-Actor}, every change with a reason and a time box.
 */
public final class ControlClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, URI> services;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param services service id ({@code order}) → its base URL
     */
    public ControlClient(Map<String, URI> services, String token, Duration timeout) {
        this.services = Map.copyOf(services);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The rules of one kind ({@code flow}, {@code param}, {@code degrade}, {@code system}) in force. */
    public JsonNode rules(String service, String kind) throws ControlException {
        return send(service, "GET", "/control/rules/" + kind, null, "system");
    }

    /** Replaces the rules of one kind; with a TTL the control API puts the rules before back at expiry. */
    public JsonNode putRules(
            String service, String kind, JsonNode rules, @Nullable Duration ttl, String reason, String actor)
            throws ControlException {
        ObjectNode body = JSON.createObjectNode();
        body.set("rules", rules);
        if (ttl != null) body.put("ttlSeconds", ttl.toSeconds());
        body.put("reason", reason);
        return send(service, "PUT", "/control/rules/" + kind, body, actor);
    }

    /** Every switch of the service: name, value, defaultValue, expiresAt. */
    public JsonNode switches(String service) throws ControlException {
        return send(service, "GET", "/control/switches", null, "system");
    }

    public JsonNode setSwitch(
            String service, String name, JsonNode value, @Nullable Duration ttl, String reason, String actor)
            throws ControlException {
        ObjectNode body = JSON.createObjectNode();
        body.set("value", value);
        if (ttl != null) body.put("ttlSeconds", ttl.toSeconds());
        body.put("reason", reason);
        return send(service, "PUT", "/control/switches/" + name, body, actor);
    }

    /** Puts a switch back to its default. */
    public JsonNode resetSwitch(String service, String name, String reason, String actor) throws ControlException {
        return send(service, "DELETE", "/control/switches/" + name, null, actor, reason);
    }

    /** The service's Prometheus exposition ({@code /metrics}), for verification. */
    public String metrics(String service) throws ControlException {
        URI base = base(service);
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/metrics"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
                throw new ControlException("GET " + base.resolve("/metrics") + " answered " + response.statusCode());
            return response.body();
        } catch (IOException e) {
            throw new ControlException("the metrics of " + service + " at " + base + " cannot be read (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while reading the metrics of " + service, e);
        }
    }

    private URI base(String service) throws ControlException {
        URI base = services.get(service);
        if (base == null)
            throw new ControlException("no control API configured for service " + service + "; known: "
                    + services.keySet().stream().sorted().toList()
                    + " (set outrider.runbooks.targets." + service + ")");
        return base;
    }

    private JsonNode send(String service, String method, String path, @Nullable JsonNode body, String actor)
            throws ControlException {
        return send(service, method, path, body, actor, null);
    }

    private JsonNode send(
            String service,
            String method,
            String path,
            @Nullable JsonNode body,
            String actor,
            @Nullable String reasonHeader)
            throws ControlException {
        URI base = base(service);
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("X-Actor", actor)
                .header("Accept", "application/json");
        if (reasonHeader != null) request.header("X-Reason", reasonHeader);
        if (body != null)
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        else request.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ControlException(
                    "the control API of " + service + " at " + base + " cannot be reached (" + e
                            + "); check that the service runs and outrider.runbooks.targets." + service,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while calling the control API of " + service, e);
        }
        if (response.statusCode() / 100 != 2)
            throw new ControlException(
                    method + " " + uri + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new ControlException(
                    method + " " + uri + " answered something that is not JSON: " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
