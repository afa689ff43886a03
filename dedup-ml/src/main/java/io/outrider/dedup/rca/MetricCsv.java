package io.outrider.dedup.rca;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV format of offline root-cause analysis: a header with a {@code time} column (epoch seconds, may have a
 * fraction) and one column per metric named {@code <service>_<metric>} — the service is what comes before the
 * first underscore ({@code front-end_mem}: service {@code front-end}, metric {@code mem}; {@code orders_lat_99}:
 * {@code orders}, {@code lat_99}). Empty cells and {@code NaN} are missing values; anything else that is not a
 * number is an error naming its line and column. Rows must go forward in time.
 */
public final class MetricCsv {

    private MetricCsv() {}

    public static List<ServiceSeries> read(BufferedReader reader, String source) throws IOException {
        String header = reader.readLine();
        if (header == null) throw new IllegalArgumentException(source + " is empty");
        if (header.startsWith("\uFEFF")) header = header.substring(1);
        String[] columns = header.split(",", -1);
        int timeAt = -1;
        for (int i = 0; i < columns.length; i++) {
            columns[i] = unquote(columns[i].strip());
            if (columns[i].equals("time") || columns[i].equals("timestamp")) timeAt = i;
        }
        if (timeAt < 0)
            throw new IllegalArgumentException(
                    source + " has no time column (epoch seconds); its columns: " + String.join(", ", columns));
        List<Long> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        String line;
        long number = 1;
        long previous = Long.MIN_VALUE;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            if (cells.length != columns.length)
                throw new IllegalArgumentException(source + " line " + number + " has " + cells.length
                        + " cells; the header has " + columns.length);
            long millis;
            try {
                millis = Math.round(Double.parseDouble(cells[timeAt].strip()) * 1000);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        source + " line " + number + ": time '" + cells[timeAt] + "' is not epoch seconds");
            }
            if (millis < previous)
                throw new IllegalArgumentException(
                        source + " line " + number + " goes back in time; sort the file by time");
            previous = millis;
            double[] values = new double[columns.length];
            for (int c = 0; c < columns.length; c++) {
                if (c == timeAt) continue;
                String cell = unquote(cells[c].strip());
                if (cell.isEmpty() || cell.equalsIgnoreCase("nan") || cell.equalsIgnoreCase("null")) {
                    values[c] = Double.NaN;
                    continue;
                }
                try {
                    values[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            source + " line " + number + ", column " + columns[c] + ": '" + cell + "' is not a number");
                }
            }
            times.add(millis);
            rows.add(values);
        }
        long[] t = times.stream().mapToLong(Long::longValue).toArray();
        List<ServiceSeries> series = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            if (c == timeAt || columns[c].isEmpty()) continue;
            double[] v = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) v[r] = rows.get(r)[c];
            int underscore = columns[c].indexOf('_');
            String service = underscore > 0 ? columns[c].substring(0, underscore) : columns[c];
            String metric = underscore > 0 ? columns[c].substring(underscore + 1) : "";
            series.add(new ServiceSeries(service, metric, t, v));
        }
        return series;
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1)
                : text;
    }
}
