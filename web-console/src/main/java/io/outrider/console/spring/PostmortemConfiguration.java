package io.outrider.console.spring;

import io.outrider.console.notify.NotifyProperties;
import io.outrider.console.postmortem.AnalyticsController;
import io.outrider.console.postmortem.PostmortemController;
import io.outrider.console.postmortem.PostmortemProperties;
import io.outrider.console.postmortem.PostmortemStore;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.runbooks.run.RunStore;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Postmortems (drafted, edited, exported) and the on-call analytics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PostmortemProperties.class)
class PostmortemConfiguration {

    @Bean
    IndexTemplate postmortemsIndexTemplate() {
        return PostmortemStore.indexTemplate();
    }

    @Bean
    PostmortemStore postmortemStore(ElasticsearchConnection elasticsearch, IndexTemplates templates) {
        return new PostmortemStore(elasticsearch.client());
    }

    @Bean
    PostmortemController postmortemController(
            IncidentStore incidents,
            RunStore runs,
            PostmortemStore store,
            NotifyProperties notify,
            PostmortemProperties properties,
            Clock clock) {
        return new PostmortemController(incidents, runs, store, notify.consoleUrl(), properties.goals(), clock);
    }

    @Bean
    AnalyticsController analyticsController(
            IncidentStore incidents, RunStore runs, PostmortemProperties properties, Clock clock) {
        return new AnalyticsController(incidents, runs, properties.workingHours(), clock);
    }
}
