package io.outrider.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexTemplateTest {

    @Test
    void rejectsPatternsOutsideOutriderIndices() {
        assertThatThrownBy(() -> new IndexTemplate("outrider-spans", List.of("spans-*"), 10, "{}"))
                .hasMessage("index pattern of template outrider-spans must start with outrider-: spans-*");
    }

    @Test
    void rejectsBadNamesAndBodies() {
        assertThatThrownBy(() -> new IndexTemplate("Spans", List.of("outrider-spans-*"), 10, "{}"))
                .hasMessageContaining("Spans");
        assertThatThrownBy(() -> new IndexTemplate("outrider-spans", List.of(), 10, "{}"))
                .hasMessageContaining("indexPatterns is empty");
        assertThatThrownBy(() -> new IndexTemplate("outrider-spans", List.of("outrider-spans-*"), 10, "mappings"))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void readsItsBodyFromAResource() {
        IndexTemplate template = IndexTemplate.fromResource(
                "outrider-test", List.of("outrider-test-*"), 5, IndexTemplateTest.class, "test-template.json");

        assertThat(template.templateJson()).contains("\"service\"");
    }
}
