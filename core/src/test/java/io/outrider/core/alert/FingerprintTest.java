package io.outrider.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void theOrderOfLabelsDoesNotMatterTheirValuesDo() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("service", "order-service");
        a.put("symptom", "errors");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("symptom", "errors");
        b.put("service", "order-service");

        assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(b)).hasSize(16);
        assertThat(Fingerprint.of(Map.of("service", "order-service", "symptom", "latency")))
                .isNotEqualTo(Fingerprint.of(a));
        // moving characters across the boundary between a name and its value gives another fingerprint
        assertThat(Fingerprint.of(Map.of("a", "b=c"))).isNotEqualTo(Fingerprint.of(Map.of("a=b", "c")));
    }
}
