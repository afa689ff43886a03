package io.outrider.server;

import io.outrider.alert.anomaly.SeriesDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outrider detect --csv FILE}: scores every row of a time series with the alert engine's anomaly detector,
 * each point from the points before it only, and prints {@code timestamp,value,anomaly_score,label}.
 */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = {
            "Score a time series for anomalies, as the alert engine does: each point from past data only.",
            "",
            "Reads a CSV with a header; prints CSV timestamp,value,anomaly_score,label to standard output.",
            "anomaly_score is in [0, 1] (0.5: usual); label is 1 when the score is at least --threshold."
        })
final class DetectCommand implements Callable<Integer> {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The series to score.")
    Path csv;

    @Option(
            names = "--timestamp-column",
            defaultValue = "timestamp",
            description =
                    "Column of the timestamps (default ${DEFAULT-VALUE}): ISO-8601, 'yyyy-MM-dd HH:mm:ss' (UTC) or epoch seconds/ms.")
    String timestampColumn;

    @Option(
            names = "--value-column",
            defaultValue = "value",
            description = "Column of the values (default ${DEFAULT-VALUE}).")
    String valueColumn;

    @Option(
            names = "--threshold",
            defaultValue = "0.8",
            description = "Score from which label is 1 (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--sensitivity",
            defaultValue = "1.0",
            description = "Higher flags smaller departures (default ${DEFAULT-VALUE}).")
    double sensitivity;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (sensitivity <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--sensitivity must be > 0");
        SeriesDetector.Settings defaults = SeriesDetector.Settings.DEFAULT;
        SeriesDetector detector = new SeriesDetector(new SeriesDetector.Settings(
                defaults.recent(),
                defaults.seasonDays(),
                defaults.minSeasonDays(),
                sensitivity,
                defaults.refractory()));
        PrintWriter out = spec.commandLine().getOut();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) throw new CommandLine.ParameterException(spec.commandLine(), csv + " is empty");
            String[] columns = header.split(",", -1);
            int timestampAt = column(columns, timestampColumn, "--timestamp-column");
            int valueAt = column(columns, valueColumn, "--value-column");
            out.println("timestamp,value,anomaly_score,label");
            String line;
            long row = 1;
            long previous = Long.MIN_VALUE;
            while ((line = reader.readLine()) != null) {
                row++;
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                if (cells.length <= Math.max(timestampAt, valueAt))
                    throw failure(
                            "line " + row + " has " + cells.length + " cells; expected the header's " + columns.length);
                long millis = millis(cells[timestampAt].strip(), row);
                if (millis < previous)
                    throw failure(
                            "line " + row + " goes back in time (" + cells[timestampAt] + "); sort the file by time");
                previous = millis;
                double value;
                try {
                    value = Double.parseDouble(cells[valueAt].strip());
                } catch (NumberFormatException e) {
                    throw failure("line " + row + ": value '" + cells[valueAt] + "' is not a number");
                }
                double score = detector.score(millis, value);
                out.printf(
                        Locale.ROOT,
                        "%s,%s,%.6f,%d%n",
                        cells[timestampAt].strip(),
                        cells[valueAt].strip(),
                        score,
                        score >= threshold ? 1 : 0);
                if (row % 1_000_000 == 0) err.printf("detect: %,d rows scored%n", row - 1);
            }
        } catch (NoSuchFileException e) {
            throw failure("no such file: " + csv);
        }
        out.flush();
        return 0;
    }

    private int column(String[] columns, String name, String option) {
        for (int i = 0; i < columns.length; i++) if (columns[i].strip().equals(name)) return i;
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                csv + " has no column '" + name + "' (it has: " + String.join(", ", columns) + "); set " + option);
    }

    private long millis(String text, long row) {
        try {
            if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
                long number = Long.parseLong(text);
                return number < 100_000_000_000L ? number * 1000 : number; // epoch seconds or milliseconds
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$"))
                return Instant.parse(text).toEpochMilli();
            return LocalDateTime.parse(text, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw failure("line " + row + ": timestamp '" + text
                    + "' is not ISO-8601, 'yyyy-MM-dd HH:mm:ss' or epoch seconds/ms");
        }
    }

    private CommandLine.ParameterException failure(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
