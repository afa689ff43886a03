package io.outrider.logistics.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownstreamTest {

    @Test
    void callNamesLoseTheIdsInTheirPaths() {
        assertThat(Downstream.normalize("/orders/shanghai-2bx/assigned")).isEqualTo("/orders/{id}/assigned");
        assertThat(Downstream.normalize("/riders/beijing-r12/offers")).isEqualTo("/riders/{id}/offers");
        assertThat(Downstream.normalize("/orders/open")).isEqualTo("/orders/open");
        assertThat(Downstream.normalize("/eta/batch")).isEqualTo("/eta/batch");
        assertThat(Downstream.normalize("/price")).isEqualTo("/price");
    }
}
