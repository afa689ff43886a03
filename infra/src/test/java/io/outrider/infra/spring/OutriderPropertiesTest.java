package io.outrider.infra.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class OutriderPropertiesTest {

    private static OutriderProperties bind(Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("outrider", OutriderProperties.class);
    }

    @Test
    void defaultsMeanEverythingEmbedded() {
        OutriderProperties properties =
                new Binder(new MapConfigurationPropertySource()).bindOrCreate("outrider", OutriderProperties.class);

        assertThat(properties.elasticsearch().uris()).isEmpty();
        assertThat(properties.kafka().bootstrapServers()).isEmpty();
        assertThat(properties.elasticsearch().embedded().heap()).isEqualTo("512m");
        assertThat(properties.elasticsearch().embedded().startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(properties.retention().days()).isEqualTo(7);
        assertThat(properties.retention().interval()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.resolvedHome()).isEqualTo(Path.of(System.getProperty("user.home"), ".outrider"));
    }

    @Test
    void environmentVariablesSetExternalEndpointsAndTuning() {
        OutriderProperties properties = bind(Map.of(
                "OUTRIDER_ELASTICSEARCH_URIS", "http://es1:9200,http://es2:9200",
                "OUTRIDER_KAFKA_BOOTSTRAPSERVERS", "k1:9092,k2:9092",
                "OUTRIDER_HOME", "/srv/outrider",
                "OUTRIDER_RETENTION_DAYS", "3",
                "OUTRIDER_KAFKA_PARTITIONS_SPANS", "24"));

        assertThat(properties.elasticsearch().uris())
                .containsExactly(URI.create("http://es1:9200"), URI.create("http://es2:9200"));
        assertThat(properties.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(properties.resolvedHome()).isEqualTo(Path.of("/srv/outrider"));
        assertThat(properties.retention().days()).isEqualTo(3);
        assertThat(properties.kafka().partitions()).containsEntry("spans", 24);
    }
}
