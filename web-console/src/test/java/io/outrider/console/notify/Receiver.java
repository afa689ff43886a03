package io.outrider.console.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server standing in for a chat platform: records every request (path and query, headers, body, when)
 * and answers what the test says.
 */
final class Receiver implements AutoCloseable {

    record Request(String uri, Map<String, List<String>> headers, String body, Instant at) {}

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer ok(String body) {
            return new Answer(200, body, Map.of());
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Request, Answer> answers = r -> Answer.ok("ok");

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Request request = new Request(
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    Instant.now());
            requests.add(request);
            Answer answer = answers.apply(request);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Waits until {@code n} requests came, at most {@code wait}. */
    List<Request> await(int n, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (requests.size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        if (requests.size() < n)
            throw new AssertionError("expected " + n + " requests, got " + requests.size() + ": " + requests);
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
