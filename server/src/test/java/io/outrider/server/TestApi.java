package io.outrider.server;

import java.net.URI;
import java.net.http.HttpRequest;

/** How the integration tests call the server's API: with the API token of {@code config/application.yml}. */
final class TestApi {

    /** The token whose SHA-256 {@code src/test/resources/config/application.yml} configures (role admin). */
    static final String TOKEN = "it-token-2c9f1e7a";

    private TestApi() {}

    /** A request to {@code url} carrying the token. */
    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    }
}
