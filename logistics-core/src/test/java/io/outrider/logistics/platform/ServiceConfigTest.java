package io.outrider.logistics.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    @Test
    void argumentsRoundTrip() {
        ServiceConfig config = ServiceConfig.parse(new String[] {
            "--service=eta",
            "--base-port=9000",
            "--cat-servers=127.0.0.1:2280:8080",
            "--faults-enabled=true",
            "--cities=a,b"
        });

        assertThat(config.port()).isEqualTo(9004);
        assertThat(config.baseUrl(ServiceName.ORDER)).isEqualTo("http://127.0.0.1:9001");
        assertThat(ServiceConfig.parse(config.toArgs().toArray(String[]::new))).isEqualTo(config);
        assertThat(config.forService(ServiceName.RIDER).port()).isEqualTo(9003);
    }

    @Test
    void unknownOrMalformedOptionsAreRefused() {
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--service=eta", "--colour=red"}))
                .hasMessage("unknown options: [colour]");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"service=eta"}))
                .hasMessage("expected --key=value, got service=eta");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--service=cook"}))
                .hasMessageContaining("unknown service cook");
    }
}
