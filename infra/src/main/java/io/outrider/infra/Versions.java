package io.outrider.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of Outrider and of the engines it was built against, as written by the build. */
public record Versions(String outrider, String elasticsearch, String elasticsearchClient, String kafka) {

    private static final String RESOURCE = "/io/outrider/infra/versions.properties";

    /** Reads the versions the build wrote into this module's jar. */
    public static Versions current() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: rebuild with ./mvnw");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new Versions(
                properties.getProperty("outrider.version"),
                properties.getProperty("elasticsearch.version"),
                properties.getProperty("elasticsearch-client.version"),
                properties.getProperty("kafka.version"));
    }
}
