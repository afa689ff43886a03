package io.outrider.dedup.rca;

import java.util.Objects;

/**
 * One metric of one service over time, e.g. {@code carts} / {@code cpu}. Times are epoch milliseconds, ascending;
 * a missing value is NaN.
 */
public record ServiceSeries(String service, String metric, long[] times, double[] values) {

    public ServiceSeries {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(metric, "metric");
        if (times.length != values.length)
            throw new IllegalArgumentException(
                    name(service, metric) + ": " + times.length + " times, " + values.length + " values");
    }

    /** The series' name as the CSV format writes it: {@code service_metric}. */
    public String name() {
        return name(service, metric);
    }

    static String name(String service, String metric) {
        return metric.isEmpty() ? service : service + "_" + metric;
    }
}
