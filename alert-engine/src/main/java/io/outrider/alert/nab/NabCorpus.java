package io.outrider.alert.nab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a NAB corpus: {@code data/<category>/<name>.csv} and the labelled windows of {@code combined_windows.json}. */
public final class NabCorpus {

    static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private NabCorpus() {}

    /** The labelled windows per file ({@code category/name.csv}), in file order. */
    public static Map<String, List<NabScorer.Window>> windows(Path combinedWindows) {
        try {
            JsonNode json = JsonMapper.builder().build().readTree(Files.readString(combinedWindows));
            Map<String, List<NabScorer.Window>> windows = new TreeMap<>();
            for (Map.Entry<String, JsonNode> file : json.properties()) {
                List<NabScorer.Window> list = new ArrayList<>();
                for (JsonNode window : file.getValue())
                    list.add(new NabScorer.Window(
                            LocalDateTime.parse(window.get(0).asString(), TIMESTAMP),
                            LocalDateTime.parse(window.get(1).asString(), TIMESTAMP)));
                windows.put(file.getKey(), list);
            }
            return windows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV of {@code timestamp,<column>} read as timestamps and the values of that column. */
    public static Columns read(Path csv, String valueColumn) {
        try {
            List<String> lines = Files.readAllLines(csv);
            String[] header = lines.getFirst().split(",");
            int timestampAt = indexOf(header, "timestamp", csv);
            int valueAt = indexOf(header, valueColumn, csv);
            List<LocalDateTime> timestamps = new ArrayList<>(lines.size());
            double[] values = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                timestamps.add(LocalDateTime.parse(cells[timestampAt].strip(), TIMESTAMP));
                values[i - 1] = Double.parseDouble(cells[valueAt].strip());
            }
            return new Columns(timestamps, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Columns(List<LocalDateTime> timestamps, double[] values) {}

    private static int indexOf(String[] header, String column, Path csv) {
        for (int i = 0; i < header.length; i++) if (header[i].strip().equals(column)) return i;
        throw new IllegalArgumentException(
                csv + " has no column '" + column + "' (columns: " + String.join(", ", header) + ")");
    }
}
