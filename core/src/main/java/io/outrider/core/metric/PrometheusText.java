package io.outrider.core.metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4, which OpenMetrics text also mostly is): one
 * sample per line, {@code name{label="value",...} value [timestamp-ms]}, comments and {@code # HELP}/{@code # TYPE}
 * lines skipped, {@code # EOF} ends. Like Prometheus, one malformed line fails the whole scrape, with its line number.
 */
public final class PrometheusText {

    /** @param timestampMillis the exposed timestamp, or null to use the scrape time */
    public record Sample(
            String name,
            Map<String, String> labels,
            double value,
            @Nullable Long timestampMillis) {}

    private PrometheusText() {}

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                if (line.equals("# EOF")) break;
                continue;
            }
            try {
                samples.add(new LineParser(line).sample());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "line " + lineNumber + ": " + e.getMessage() + ": " + abbreviate(line));
            }
        }
        return samples;
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }

    private static final class LineParser {
        private final String line;
        private int at;

        LineParser(String line) {
            this.line = line;
        }

        Sample sample() {
            String name = name(true);
            Map<String, String> labels = new LinkedHashMap<>();
            if (at < line.length() && line.charAt(at) == '{') labels(labels);
            String[] rest = line.substring(at).strip().split("\\s+");
            if (rest.length == 0 || rest[0].isEmpty()) throw new IllegalArgumentException("no value");
            double value = value(rest[0]);
            Long timestamp = null;
            if (rest.length > 1 && !rest[1].equals("#")) {
                try {
                    timestamp = Long.parseLong(rest[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("timestamp is not an integer (ms): " + rest[1]);
                }
            }
            return new Sample(name, labels, value, timestamp);
        }

        private String name(boolean metric) {
            int start = at;
            while (at < line.length()) {
                char c = line.charAt(at);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || c == '_'
                        || (metric && c == ':')
                        || (at > start && c >= '0' && c <= '9');
                if (!ok) break;
                at++;
            }
            if (at == start) throw new IllegalArgumentException(metric ? "no metric name" : "no label name");
            return line.substring(start, at);
        }

        private void labels(Map<String, String> labels) {
            at++; // {
            while (true) {
                skipSpaces();
                if (at >= line.length()) throw new IllegalArgumentException("labels not closed");
                if (line.charAt(at) == '}') {
                    at++;
                    return;
                }
                String name = name(false);
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                labels.put(name, quoted());
                skipSpaces();
                if (at < line.length() && line.charAt(at) == ',') at++;
                else if (at < line.length() && line.charAt(at) != '}')
                    throw new IllegalArgumentException("expected , or } after label " + name);
            }
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            while (at < line.length()) {
                char c = line.charAt(at++);
                if (c == '"') return value.toString();
                if (c == '\\') {
                    if (at >= line.length()) break;
                    char escaped = line.charAt(at++);
                    value.append(
                            switch (escaped) {
                                case 'n' -> '\n';
                                case '\\' -> '\\';
                                case '"' -> '"';
                                default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                            });
                } else {
                    value.append(c);
                }
            }
            throw new IllegalArgumentException("label value not closed");
        }

        private void expect(char c) {
            if (at >= line.length() || line.charAt(at) != c) throw new IllegalArgumentException("expected " + c);
            at++;
        }

        private void skipSpaces() {
            while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) at++;
        }
    }

    static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("value is not a number: " + text);
                }
            }
        };
    }
}
