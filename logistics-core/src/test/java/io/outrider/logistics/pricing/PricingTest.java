package io.outrider.logistics.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void baseFeeIsFixedPlusPerKilometre() {
        assertThat(BasePrices.fee("shanghai", 5)).isEqualTo(13.0);
        assertThat(BasePrices.fee("nowhere", 2)).isEqualTo(7.0);
    }

    @Test
    void noSurgeWhileRidersOutnumberOrders() {
        assertThat(Surge.multiplier(10, 20)).isEqualTo(1.0);
        assertThat(Surge.multiplier(20, 20)).isEqualTo(1.0);
    }

    @Test
    void surgeRisesWithDemandOverSupplyAndIsCapped() {
        assertThat(Surge.multiplier(40, 20)).isEqualTo(1.5);
        assertThat(Surge.multiplier(60, 20)).isEqualTo(2.0);
        assertThat(Surge.multiplier(1000, 0)).isEqualTo(Surge.MAX);
    }
}
