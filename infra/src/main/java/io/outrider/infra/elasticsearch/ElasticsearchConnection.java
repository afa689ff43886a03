package io.outrider.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * The Elasticsearch client Outrider uses everywhere: the 8.19 Java client over the low-level REST client, with
 * Jackson 3 for JSON. Closing the connection closes the HTTP connection pool.
 */
public final class ElasticsearchConnection implements AutoCloseable {

    private final List<URI> uris;
    private final RestClient restClient;
    private final ElasticsearchClient client;

    private ElasticsearchConnection(List<URI> uris, RestClient restClient) {
        this.uris = uris;
        this.restClient = restClient;
        this.client = new ElasticsearchClient(new RestClientTransport(restClient, new Jackson3JsonpMapper()));
    }

    /**
     * Connects to the nodes at {@code uris} (e.g. {@code http://127.0.0.1:9200}). Nothing is sent until the first
     * request.
     */
    public static ElasticsearchConnection open(List<URI> uris, Duration connectTimeout, Duration socketTimeout) {
        if (uris.isEmpty()) throw new IllegalArgumentException("no Elasticsearch URI given");
        HttpHost[] hosts = uris.stream().map(ElasticsearchConnection::host).toArray(HttpHost[]::new);
        RestClient restClient = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config.setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis()))
                .build();
        return new ElasticsearchConnection(List.copyOf(uris), restClient);
    }

    private static HttpHost host(URI uri) {
        if (uri.getHost() == null || uri.getPort() < 0 && uri.getScheme() == null) {
            throw new IllegalArgumentException("not an Elasticsearch address like http://host:9200: " + uri);
        }
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Elasticsearch address must be http or https: " + uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : 9200;
        return new HttpHost(uri.getHost(), port, scheme);
    }

    public ElasticsearchClient client() {
        return client;
    }

    public List<URI> uris() {
        return uris;
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the Elasticsearch client", e);
        }
    }
}
