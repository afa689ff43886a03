package io.outrider.dedup.correlate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One labelled alert–incident pair for the learned correlator: the features of an alert against an open incident,
 * and whether the alert belonged to it. Pairs come from simulated alert storms (ground truth) and from on-call
 * feedback (a merge says "together", a split says "apart").
 *
 * @param source where the label came from, e.g. {@code simulation seed 7} or {@code merge inc-3 into inc-1 by ana}
 */
public record TrainingPair(Features features, boolean together, String source) {

    /** Simulated pairs name their source {@code simulation ...}; every other label came from a person. */
    public boolean fromPeople() {
        return !source.startsWith("simulation");
    }

    static final String HEADER = "gap_seconds,hops,shared_downstream,symptom_compatible,same_unit,label_similarity,"
            + "any_global,alert_kpi,incident_kpi,alert_has_service,both_traffic,pair,together,source";

    /** Writes pairs as CSV with a header; the source is the last column, commas in it replaced. */
    public static void write(List<TrainingPair> pairs, Writer out) throws IOException {
        out.write(HEADER + "\n");
        for (TrainingPair p : pairs) {
            Features f = p.features();
            out.write(String.format(
                    Locale.ROOT,
                    "%.1f,%d,%b,%b,%b,%.4f,%b,%b,%b,%b,%b,%s,%b,%s%n",
                    f.gapSeconds(),
                    f.hops(),
                    f.sharedDownstream(),
                    f.symptomCompatible(),
                    f.sameUnit(),
                    f.labelSimilarity(),
                    f.anyGlobal(),
                    f.alertKpi(),
                    f.incidentKpi(),
                    f.alertHasService(),
                    f.bothTraffic(),
                    f.pair(),
                    p.together(),
                    p.source().replace(',', ';').replace('\n', ' ')));
        }
    }

    /** Reads what {@link #write} wrote; a malformed line fails naming its number. */
    public static List<TrainingPair> read(Reader in, String name) {
        List<TrainingPair> pairs = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(in)) {
            String header = reader.readLine();
            if (!HEADER.equals(header))
                throw new IllegalArgumentException(name + ":1: expected the header " + HEADER + ", got " + header);
            int number = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) continue;
                String[] c = line.split(",", 14);
                if (c.length != 14)
                    throw new IllegalArgumentException(name + ":" + number + ": 14 columns expected, got " + c.length);
                try {
                    pairs.add(new TrainingPair(
                            new Features(
                                    Double.parseDouble(c[0]),
                                    Integer.parseInt(c[1]),
                                    bool(c[2]),
                                    bool(c[3]),
                                    bool(c[4]),
                                    Double.parseDouble(c[5]),
                                    bool(c[6]),
                                    bool(c[7]),
                                    bool(c[8]),
                                    bool(c[9]),
                                    bool(c[10]),
                                    c[11]),
                            bool(c[12]),
                            c[13]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ":" + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pairs;
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("true or false expected, got '" + s + "'");
        };
    }
}
