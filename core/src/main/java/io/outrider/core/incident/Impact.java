package io.outrider.core.incident;

import java.time.Instant;
import java.util.List;

/**
 * What an incident costs the business: each KPI's rate per minute during the incident against its rate before it,
 * as of {@code measuredAt}.
 */
public record Impact(Instant measuredAt, List<Kpi> kpis) {

    public Impact {
        kpis = List.copyOf(kpis);
    }

    /**
     * @param name e.g. {@code order-service order.dispatched}
     * @param baseline per minute, before the incident
     * @param during per minute, since it began
     */
    public record Kpi(String name, double baseline, double during) {

        /** The change in percent of the baseline; 0 when there was no baseline. */
        public double deltaPercent() {
            return baseline == 0 ? 0 : 100 * (during - baseline) / baseline;
        }
    }
}
