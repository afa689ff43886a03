package io.outrider.alert.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurnRateTest {

    @Test
    void theArithmeticOfTheWorkbook() {
        // 99.9 %: a budget of 0.1 %; 1.44 % errors burn it 14.4 times too fast
        assertThat(BurnRate.of(0.0144, 0.999)).isCloseTo(14.4, within(1e-9));
        // 14.4x for one hour spends 2 % of a 30-day budget; 6x for six hours, 5 %
        assertThat(BurnRate.budgetSpent(14.4, Duration.ofHours(1), Duration.ofDays(30)))
                .isCloseTo(0.02, within(1e-9));
        assertThat(BurnRate.budgetSpent(6, Duration.ofHours(6), Duration.ofDays(30)))
                .isCloseTo(0.05, within(1e-9));
        assertThatThrownBy(() -> BurnRate.of(0.1, 1.0)).hasMessageContaining("(0, 1)");
    }

    @Test
    void bothWindowsMustBurnFasterThanTheFactor() {
        BurnRate.Condition page = BurnRate.DEFAULT.getFirst();
        assertThat(BurnRate.holds(page, 0.999, 0.02, 0.05)).isTrue();
        // a burst that is over: the short window is calm again
        assertThat(BurnRate.holds(page, 0.999, 0.02, 0.001)).isFalse();
        // a fresh burst not yet significant over the long window
        assertThat(BurnRate.holds(page, 0.999, 0.005, 0.05)).isFalse();
    }
}
