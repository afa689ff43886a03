package io.outrider.drill;

import io.outrider.logistics.platform.ServiceName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running system a drill acts on and watches: Outrider's REST API (with an API token) and the logistics core
 * (its supervisor and services, with the control token). HTTP only: a drill runs against a deployment as a person
 * would.
 *
 * @param outrider e.g. {@code http://127.0.0.1:8080}
 * @param supervisor the logistics supervisor, e.g. {@code http://127.0.0.1:7070}; services on the next ports
 * @param otherInstances Outrider's other instances, if it runs several: their alerts are read too
 */
public record LiveSystem(URI outrider, String token, URI supervisor, String controlToken, List<URI> otherInstances) {

    public LiveSystem {
        otherInstances = List.copyOf(otherInstances);
    }

    public LiveSystem(URI outrider, String token, URI supervisor, String controlToken) {
        this(outrider, token, supervisor, controlToken, List.of());
    }

    /**
     * The alerts of every instance: each instance's {@code /api/alerts} lists those of the services whose partitions
     * it holds. Another instance that does not answer (killed by the drill) is skipped: its services move to the
     * ones that do.
     */
    public List<JsonNode> alerts() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        outrider("/api/alerts").path("alerts").forEach(all::add);
        for (URI other : otherInstances) {
            try {
                send(HttpRequest.newBuilder(other.resolve("/api/alerts"))
                                .header("Authorization", "Bearer " + token)
                                .GET())
                        .path("alerts")
                        .forEach(all::add);
            } catch (IOException down) {
                // killed or restarting
            }
        }
        return all;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** A service's base address: the supervisor's port + the service's offset. */
    public URI service(String name) {
        return URI.create(
                "http://" + supervisor.getHost() + ":" + ServiceName.of(name).port(supervisor.getPort()));
    }

    public JsonNode outrider(String path) throws IOException {
        return send(HttpRequest.newBuilder(outrider.resolve(path))
                .header("Authorization", "Bearer " + token)
                .GET());
    }

    public JsonNode outriderPost(String path) throws IOException {
        return send(HttpRequest.newBuilder(outrider.resolve(path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public JsonNode post(URI base, String path, Map<String, Object> body) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + controlToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public void delete(URI base, String path) throws IOException {
        send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + controlToken)
                .DELETE());
    }

    /** The text of {@code GET path} on a service (its Prometheus {@code /metrics}). */
    public String text(URI base, String path) throws IOException {
        return exchange(HttpRequest.newBuilder(base.resolve(path)).GET()).body();
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        String body = exchange(request).body();
        return JSON.readTree(body.isBlank() ? "{}" : body);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new IOException(
                    built.method() + " " + built.uri() + " did not answer (" + e.getMessage() + "); is it running?", e);
        }
        if (response.statusCode() >= 300)
            throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length()))
                    + (response.statusCode() == 401 ? " (check the token)" : ""));
        return response;
    }
}
