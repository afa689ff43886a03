package io.outrider.collector.prometheus;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint to scrape.
 *
 * @param job the {@code job} label of its points
 * @param url its metrics URL ({@code http://host:port/metrics})
 * @param labels added to every point, e.g. {@code service: order-service}
 */
public record ScrapeTarget(String job, URI url, Map<String, String> labels) {

    public ScrapeTarget {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(url, "url");
        if (job.isBlank()) throw new IllegalArgumentException("a scrape target needs a job name: " + url);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()))
            throw new IllegalArgumentException("scrape target " + url + " is not an http(s) URL");
        if (url.getHost() == null) throw new IllegalArgumentException("scrape target " + url + " has no host");
        labels = Map.copyOf(labels);
    }

    /** {@code host:port}, the {@code instance} label. */
    public String instance() {
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
        return url.getHost() + ":" + port;
    }
}
