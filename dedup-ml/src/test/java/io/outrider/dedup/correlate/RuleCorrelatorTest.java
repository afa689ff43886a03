package io.outrider.dedup.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleCorrelatorTest extends CorrelatorContract {

    @Override
    Correlator correlator() {
        return new RuleCorrelator();
    }

    @Test
    void decisionsCarryTheirProvenance() {
        var result = book().accept(alert("Errors", "pricing-service", "errors", "shanghai", T0));
        assertThat(result.decision().provenance()).isEqualTo(RuleCorrelator.PROVENANCE);
        assertThat(result.incident().timeline().getFirst().text()).contains("rules/1");
    }

    @Test
    void callGraphDistances() {
        assertThat(LOGISTICS.hops("pricing-service", "dispatch-service", 3)).isEqualTo(2);
        assertThat(LOGISTICS.hops("pricing-service", "catalogue", 3)).isEqualTo(-1);
        assertThat(LOGISTICS.sharedDownstream("order-service", "dispatch-service", 2))
                .isTrue();
        assertThat(LOGISTICS.sharedDownstream("catalogue", "billing", 3)).isFalse();
    }
}
