package io.outrider.runbooks.action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A generic HTTP call, only to URLs that start with an entry of the allow-list ({@code outrider.runbooks.http-allow-list});
 * it has no inverse (a revert step must undo it explicitly).
 *
 * <p>Unlike the control API's actions it is not idempotent by itself: an instance that dies during the call leaves
 * the step to the instance that takes the run over, which calls again. Both calls carry the same
 * {@code Idempotency-Key} (the run and the step), so that the receiver can act once.
 */
public record HttpAction(
        String method, URI url, String body, @Nullable String idempotencyKey) implements Action {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The call, refused unless its URL is allowed. */
    public static HttpAction allowed(String method, String url, String body, List<String> allowList) {
        if (allowList.stream().noneMatch(url::startsWith))
            throw new IllegalArgumentException("http step to " + url + " is not allowed; allowed prefixes: " + allowList
                    + " (outrider.runbooks.http-allow-list)");
        return new HttpAction(method, URI.create(url), body, null);
    }

    /** The same call, keyed: {@code RUN-…/step-2}, {@code RUN-…/revert-1}. */
    public HttpAction keyed(String key) {
        return new HttpAction(method, url, body, key);
    }

    @Override
    public String target() {
        return method + " " + url;
    }

    @Override
    public Change plan(ControlClient control) {
        return new Change(
                target(), JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.stringNode(body), true);
    }

    @Override
    public Change apply(ControlClient control, Duration ttl, String reason, String actor) throws ControlException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Actor", actor)
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2)
                throw new ControlException(target() + " answered " + response.statusCode());
            return new Change(
                    target(),
                    JsonNodeFactory.instance.nullNode(),
                    JsonNodeFactory.instance.numberNode(response.statusCode()),
                    true);
        } catch (IOException e) {
            throw new ControlException(target() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(target() + " interrupted", e);
        }
    }

    @Override
    public Change revert(ControlClient control, Change applied, String reason, String actor) {
        return new Change(target(), applied.after(), applied.after(), false);
    }
}
