package io.outrider.console.postmortem;

import io.outrider.core.incident.Impact;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What an incident cost the dispatch business, estimated from its KPIs (per minute, during against before) over its
 * duration.
 *
 * <ul>
 *   <li><b>orders affected</b>: the larger shortfall of orders created and of orders dispatched: (usual − during) per
 *       minute × minutes of impact;
 *   <li><b>deliveries late</b>: the deliveries completed during the incident while the mean delivery time was at least
 *       10 % above usual (all of them then; none otherwise); an estimate, since lateness is not recorded per order.
 * </ul>
 *
 * @param deliveryMinutes mean delivery time during, in (simulated) minutes; NaN when unknown
 * @param usualDeliveryMinutes mean delivery time before; NaN when unknown
 */
public record BusinessImpact(
        long ordersAffected,
        long deliveriesLate,
        long deliveriesDuring,
        double deliveryMinutes,
        double usualDeliveryMinutes,
        double minutes) {

    /** Lateness counts when the mean delivery time is this much above usual. */
    static final double LATE = 1.10;

    public static BusinessImpact of(@Nullable Impact impact, Duration duration) {
        double minutes = Math.max(0, duration.toMillis() / 60_000.0);
        if (impact == null) return new BusinessImpact(0, 0, 0, Double.NaN, Double.NaN, minutes);
        double created = 0;
        double dispatched = 0;
        double delivered = 0;
        double meanDuring = Double.NaN;
        double meanBefore = Double.NaN;
        for (Impact.Kpi kpi : impact.kpis()) {
            String name = kpi.name();
            double shortfall = Math.max(0, kpi.baseline() - kpi.during()) * minutes;
            if (name.endsWith(" order.created")) created += shortfall;
            else if (name.endsWith(" order.dispatched")) dispatched += shortfall;
            else if (name.endsWith(" order.delivered")) delivered += kpi.during() * minutes;
            else if (name.endsWith(" order.delivery.minutes mean")) {
                meanDuring = kpi.during();
                meanBefore = kpi.baseline();
            }
        }
        boolean late = !Double.isNaN(meanDuring) && meanBefore > 0 && meanDuring >= meanBefore * LATE;
        return new BusinessImpact(
                Math.round(Math.max(created, dispatched)),
                late ? Math.round(delivered) : 0,
                Math.round(delivered),
                meanDuring,
                meanBefore,
                minutes);
    }
}
