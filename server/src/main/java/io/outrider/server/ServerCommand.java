package io.outrider.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code outrider server}: starts the platform. Elasticsearch and Kafka are embedded unless their addresses are
 * given. Any {@code --some.property=value} is passed on to the application as a setting.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Start the Outrider platform (embedded Elasticsearch and Kafka unless configured).",
            "",
            "Without --elasticsearch / --kafka (or OUTRIDER_ELASTICSEARCH_URIS / OUTRIDER_KAFKA_BOOTSTRAP_SERVERS)",
            "an embedded Elasticsearch and Kafka start under the Outrider home and stop with the server.",
            "Any other setting: --name=value, e.g. --outrider.retention.days=3 (see README)."
        })
final class ServerCommand implements Callable<Integer>, LongRunning {

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port of the console and API (default 8080).")
    @Nullable
    Integer port;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "Outrider home for embedded data (default ~/.outrider).")
    @Nullable
    Path home;

    @Option(
            names = "--elasticsearch",
            paramLabel = "URIS",
            description = "External Elasticsearch, e.g. http://es1:9200,http://es2:9200.")
    @Nullable
    String elasticsearch;

    @Option(
            names = "--kafka",
            paramLabel = "SERVERS",
            description = "External Kafka bootstrap servers, e.g. kafka1:9092,kafka2:9092.")
    @Nullable
    String kafka;

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        String[] args = springArguments().toArray(String[]::new);
        try {
            SpringApplication.run(OutriderApplication.class, args);
            return 0;
        } catch (RuntimeException startFailed) {
            return 1; // Spring Boot has already reported what failed and what to do
        }
    }

    List<String> springArguments() {
        List<String> args = new ArrayList<>();
        if (port != null) args.add("--server.port=" + port);
        if (home != null) args.add("--outrider.home=" + home.toAbsolutePath());
        if (elasticsearch != null) args.add("--outrider.elasticsearch.uris=" + elasticsearch);
        if (kafka != null) args.add("--outrider.kafka.bootstrap-servers=" + kafka);
        for (String setting : settings) {
            if (!setting.startsWith("--") || !setting.contains("=")) {
                throw new IllegalArgumentException(
                        "not a setting of the form --name=value: " + setting + " (see outrider server --help)");
            }
            args.add(setting);
        }
        return args;
    }
}
