package io.outrider.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    private final RetentionPolicy policy = new RetentionPolicy(7, 3, Map.of("reports", 30));

    @Test
    void dailyIndexExpiresOnceOlderThanTheRetentionDays() {
        List<String> expired = policy.expired(
                List.of(
                        "outrider-spans-2026.11.24",
                        "outrider-spans-2026.11.17",
                        "outrider-spans-2026.11.16",
                        "outrider-spans-2025.01.01"),
                TODAY);

        assertThat(expired).containsExactly("outrider-spans-2025.01.01", "outrider-spans-2026.11.16");
    }

    @Test
    void familyOverrideKeepsItsIndicesLonger() {
        List<String> expired = policy.expired(
                List.of("outrider-reports-2026.11.01", "outrider-reports-2026.10.25", "outrider-reports-2026.10.24"),
                TODAY);

        assertThat(expired).containsExactly("outrider-reports-2026.10.24");
    }

    @Test
    void monthlyIndexExpiresOnceItsMonthIsOlderThanTheRetentionMonths() {
        List<String> expired = policy.expired(
                List.of(
                        "outrider-alerts-2026.11",
                        "outrider-alerts-2026.08",
                        "outrider-alerts-2026.07",
                        "outrider-audit-2025.12"),
                TODAY);

        assertThat(expired).containsExactly("outrider-alerts-2026.07", "outrider-audit-2025.12");
    }

    @Test
    void indicesThatAreNotTimeBasedOrNotOursAreNeverSelected() {
        List<String> expired = policy.expired(
                List.of(
                        "outrider-incidents",
                        "other-spans-2020.01.01",
                        "outrider-spans-2020.13.40",
                        ".kibana",
                        "outrider-spans-2020.01.01-restored"),
                TODAY);

        assertThat(expired).isEmpty();
    }

    @Test
    void rejectsRetentionBelowOneWithTheBadValue() {
        assertThatThrownBy(() -> new RetentionPolicy(0, 3, Map.of())).hasMessage("retention days < 1: 0");
        assertThatThrownBy(() -> new RetentionPolicy(7, 3, Map.of("spans", -2)))
                .hasMessage("retention days of family spans < 1: -2");
    }
}
