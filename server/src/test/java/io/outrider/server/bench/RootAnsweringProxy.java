package io.outrider.server.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A pass-through HTTP proxy in front of Elasticsearch that also answers {@code GET /}, which the integ-test
 * distribution used here lacks (its {@code rest-root} module is not in the zip) and Zipkin needs to learn the
 * version. The benchmark sends every system through it, so each pays the same extra hop.
 */
final class RootAnsweringProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "transfer-encoding", "keep-alive", "upgrade", "expect");

    private final URI target;
    private final String version;
    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RootAnsweringProxy(URI target, String version) throws IOException {
        this.target = target;
        this.version = version;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.equals("/") && exchange.getRequestMethod().equals("GET")) {
                byte[] body = ("{\"name\":\"bench\",\"cluster_name\":\"bench\",\"version\":{\"number\":\"" + version
                                + "\",\"build_flavor\":\"default\",\"minimum_wire_compatibility_version\":\"7.17.0\","
                                + "\"minimum_index_compatibility_version\":\"7.0.0\"},\"tagline\":\"You Know, for Search\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            target.resolve(path + (query == null ? "" : "?" + query)))
                    .method(
                            exchange.getRequestMethod(),
                            requestBody.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)))
                    for (String value : values) request.header(name, value);
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":"))
                    exchange.getResponseHeaders().put(name, values);
            });
            byte[] body = response.body();
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || body.length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
