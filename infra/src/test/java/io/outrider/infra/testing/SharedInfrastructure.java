package io.outrider.infra.testing;

import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import io.outrider.infra.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Elasticsearch node and one real Kafka broker for all integration tests of a test run (one JVM), started
 * by the first test class that asks and stopped when the run ends. Use with
 * {@code @ExtendWith(SharedInfrastructure.class)}, then {@link #elasticsearchUri()} and
 * {@link #kafkaBootstrapServers()}.
 *
 * <p>Files go under the system property {@code outrider.test.home} (the build sets it to {@code target/}); the
 * node and broker data are wiped at start, the unpacked distribution is kept.
 */
public final class SharedInfrastructure implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedInfrastructure.class);
    private static volatile Engines engines;

    @Override
    public void beforeAll(ExtensionContext context) {
        engines = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Engines.class, type -> Engines.start(), Engines.class);
    }

    public static URI elasticsearchUri() {
        return require().elasticsearch.uri();
    }

    public static String kafkaBootstrapServers() {
        return require().kafka.bootstrapServers();
    }

    public static EmbeddedElasticsearch elasticsearch() {
        return require().elasticsearch;
    }

    /** The directory test files go under. */
    public static Path testHome() {
        return Path.of(System.getProperty("outrider.test.home", "target/outrider-it-home"))
                .toAbsolutePath();
    }

    /**
     * Where the shared node's files go: {@code testHome()/elasticsearch}, or its stand-in under /var/lib/outrider
     * when the tests run as root in a checkout that uid 65534 cannot reach.
     */
    public static Path elasticsearchDir() {
        return EmbeddedElasticsearchSettings.reachable(testHome().resolve("elasticsearch"));
    }

    private static Engines require() {
        Engines current = engines;
        if (current == null)
            throw new IllegalStateException("add @ExtendWith(SharedInfrastructure.class) to the test class");
        return current;
    }

    private record Engines(EmbeddedElasticsearch elasticsearch, EmbeddedKafka kafka) implements AutoCloseable {

        static Engines start() {
            Path home = testHome();
            Path elasticsearchDir = elasticsearchDir();
            deleteTree(elasticsearchDir.resolve("node"));
            deleteTree(home.resolve("kafka"));
            EmbeddedElasticsearchSettings settings =
                    EmbeddedElasticsearchSettings.inDirectory(elasticsearchDir).withHeap("512m");
            EmbeddedElasticsearch elasticsearch = new EmbeddedElasticsearch(
                    settings,
                    ElasticsearchDistribution.locate(Versions.current().elasticsearch(), null));
            elasticsearch.start(); // boots while Kafka starts
            try {
                EmbeddedKafka kafka = EmbeddedKafka.start(home.resolve("kafka"), 0);
                elasticsearch.awaitReady();
                return new Engines(elasticsearch, kafka);
            } catch (RuntimeException e) {
                elasticsearch.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                kafka.close();
            } finally {
                elasticsearch.close();
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + root, e);
        }
    }
}
