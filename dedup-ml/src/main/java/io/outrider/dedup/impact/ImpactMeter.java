package io.outrider.dedup.impact;

import io.outrider.core.incident.Impact;
import io.outrider.core.incident.Incident;
import io.outrider.dedup.rca.IncidentLocalizer;
import io.outrider.dedup.rca.SeriesSource;
import io.outrider.dedup.rca.ServiceSeries;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The business impact of an incident: each KPI's mean per minute since the anomaly began (a minute before the first
 * alert) against its mean over the {@link #BASELINE} before it — orders created, dispatched, delivered, read from the
 * same {@link SeriesSource} as root-cause localization.
 */
public final class ImpactMeter {

    /** The window before the incident that is its KPIs' normal. */
    public static final Duration BASELINE = Duration.ofMinutes(30);

    private final SeriesSource source;

    public ImpactMeter(SeriesSource source) {
        this.source = source;
    }

    public Impact measure(Incident incident, Instant now) throws IOException {
        Instant start = IncidentLocalizer.anomalyStart(incident);
        List<Impact.Kpi> kpis = new ArrayList<>();
        for (ServiceSeries kpi : source.kpis(start.minus(BASELINE), now)) {
            double before = mean(kpi, start.minus(BASELINE).toEpochMilli(), start.toEpochMilli());
            double during = mean(kpi, start.toEpochMilli(), now.toEpochMilli());
            if (!Double.isNaN(before) && !Double.isNaN(during))
                kpis.add(new Impact.Kpi(kpi.service() + " " + kpi.metric(), before, during));
        }
        return new Impact(now, kpis);
    }

    /** Whether a new measurement says something new: other KPIs, or one moved by 5 points of percent or more. */
    public static boolean same(Impact before, Impact now) {
        if (before.kpis().size() != now.kpis().size()) return false;
        for (int i = 0; i < now.kpis().size(); i++) {
            Impact.Kpi a = before.kpis().get(i);
            Impact.Kpi b = now.kpis().get(i);
            if (!a.name().equals(b.name()) || Math.abs(a.deltaPercent() - b.deltaPercent()) >= 5) return false;
        }
        return true;
    }

    private static double mean(ServiceSeries s, long from, long to) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < s.times().length; i++)
            if (s.times()[i] >= from && s.times()[i] < to && !Double.isNaN(s.values()[i])) {
                sum += s.values()[i];
                n++;
            }
        return n == 0 ? Double.NaN : sum / n;
    }
}
