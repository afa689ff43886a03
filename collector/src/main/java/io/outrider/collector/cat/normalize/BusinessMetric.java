package io.outrider.collector.cat.normalize;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;

/**
 * A CAT business metric ({@code Cat.logMetricFor*}) as numbers. The client writes sums with {@code %.2f} in the
 * JVM's default locale, so {@code 12,50} and {@code 3,100,25} (count 3, sum 100.25) are accepted as well as
 * {@code 12.50} and {@code 3,100.25}.
 *
 * @param kind {@code count} (C), {@code duration} (T, in ms), {@code sum} (S) or {@code sum_count} (S,C)
 * @param count how many occurrences the message stands for
 * @param value the count, the duration or the sum
 */
public record BusinessMetric(String name, String kind, long count, double value) {

    /** Reads a metric message; throws {@link IllegalArgumentException} naming the problem when it is not one. */
    public static BusinessMetric of(Message message) {
        if (message.kind() != MessageKind.METRIC) throw new IllegalArgumentException("not a metric: " + message.kind());
        String data = message.data().strip();
        try {
            return switch (message.status()) {
                case "C" -> {
                    long n = data.isEmpty() ? 1 : Long.parseLong(data);
                    yield new BusinessMetric(message.name(), "count", n, n);
                }
                case "T" -> new BusinessMetric(message.name(), "duration", 1, Double.parseDouble(data));
                case "S" -> new BusinessMetric(message.name(), "sum", 1, decimal(data));
                case "S,C" -> {
                    int comma = data.indexOf(',');
                    if (comma < 0)
                        throw new IllegalArgumentException(
                                "S,C metric " + message.name() + " needs count,sum: " + data);
                    yield new BusinessMetric(
                            message.name(),
                            "sum_count",
                            Long.parseLong(data.substring(0, comma)),
                            decimal(data.substring(comma + 1)));
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown metric kind " + message.status() + " of " + message.name());
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metric " + message.name() + " of kind " + message.status()
                    + " has data that is not a number: " + data);
        }
    }

    /** A decimal written in any locale: the last comma or dot is the decimal point, the others group digits. */
    static double decimal(String text) {
        int point = Math.max(text.lastIndexOf(','), text.lastIndexOf('.'));
        if (point < 0) return Double.parseDouble(text);
        String whole = text.substring(0, point).replace(",", "").replace(".", "");
        return Double.parseDouble(whole + "." + text.substring(point + 1));
    }
}
