package io.outrider.alert.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Numenta Anomaly Benchmark's scoring (Lavin & Ahmad, 2015): each labelled window rewards its earliest detection
 * by a scaled sigmoid of how early it came, each detection outside a window costs by how far it is past the last
 * window, a missed window costs the false-negative weight, the first 15 % of each series (at most 750 rows) is
 * probation and not scored; one threshold is chosen for the whole corpus (the best), and the raw score is
 * normalized so that the null detector scores 0 and the perfect one 100.
 */
public final class NabScorer {

    /** The weights of a NAB profile. */
    public record Profile(double tpWeight, double fpWeight, double fnWeight) {
        public static final Profile STANDARD = new Profile(1.0, 0.11, 1.0);
        public static final Profile REWARD_LOW_FP = new Profile(1.0, 0.22, 1.0);
        public static final Profile REWARD_LOW_FN = new Profile(1.0, 0.11, 2.0);
    }

    public record Window(LocalDateTime start, LocalDateTime end) {}

    /** One series: its timestamps, the detector's score for each (0..1), and its labelled windows. */
    public record Series(String name, List<LocalDateTime> timestamps, double[] scores, List<Window> windows) {
        public Series {
            if (timestamps.size() != scores.length)
                throw new IllegalArgumentException(
                        name + ": " + timestamps.size() + " timestamps but " + scores.length + " scores");
            timestamps = List.copyOf(timestamps);
            windows = List.copyOf(windows);
        }
    }

    /**
     * @param threshold the best threshold for the whole corpus
     * @param raw the corpus score at that threshold
     * @param normalized 100 × (raw − null) / (perfect − null)
     */
    public record Result(
            double threshold,
            double raw,
            double nullScore,
            double perfectScore,
            double normalized,
            int tp,
            int fp,
            int fn) {}

    private static final double PROBATION = 0.15;
    private static final String PROBATIONARY = "\u0000probationary";

    private record Point(
            double anomalyScore,
            double sweepScore,
            @Nullable String window) {}

    private NabScorer() {}

    public static Result score(List<Series> corpus, Profile profile) {
        Best detector = best(points(corpus, profile), profile);
        Best nullDetector = best(points(constant(corpus, 0.5), profile), profile);
        double perfect = profile.tpWeight()
                * corpus.stream().mapToInt(s -> s.windows().size()).sum();
        double normalized = 100 * (detector.score - nullDetector.score) / (perfect - nullDetector.score);
        return new Result(
                detector.threshold,
                detector.score,
                nullDetector.score,
                perfect,
                normalized,
                detector.tp,
                detector.fp,
                detector.fn);
    }

    /** The same series with every score set to {@code value} (NAB's null detector says 0.5 everywhere). */
    private static List<Series> constant(List<Series> corpus, double value) {
        return corpus.stream()
                .map(s -> {
                    double[] scores = new double[s.scores().length];
                    java.util.Arrays.fill(scores, value);
                    return new Series(s.name(), s.timestamps(), scores, s.windows());
                })
                .toList();
    }

    /** Every row of every series with its sweep score and window (a window's name is unique in the corpus). */
    private static List<Point> points(List<Series> corpus, Profile profile) {
        List<Point> all = new ArrayList<>();
        for (Series series : corpus) all.addAll(sweep(series, profile));
        return all;
    }

    static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) return -1.0;
        return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
    }

    private static List<Point> sweep(Series series, Profile profile) {
        List<LocalDateTime> timestamps = series.timestamps();
        Map<LocalDateTime, Integer> index = new HashMap<>();
        for (int i = 0; i < timestamps.size(); i++) index.putIfAbsent(timestamps.get(i), i);
        double maxTp = scaledSigmoid(-1.0);
        double probation = Math.min(Math.floor(PROBATION * timestamps.size()), PROBATION * 5000);
        List<Window> windows = new ArrayList<>(series.windows());
        List<Point> points = new ArrayList<>(timestamps.size());
        Window current = null;
        String currentName = null;
        double currentWidth = 0;
        int currentRight = -1;
        int previousRight = -1;
        double previousWidth = 0;
        for (int i = 0; i < timestamps.size(); i++) {
            LocalDateTime t = timestamps.get(i);
            if (!windows.isEmpty() && t.equals(windows.getFirst().start())) {
                current = windows.removeFirst();
                currentName = series.name() + "|" + current.start();
                Integer right = index.get(current.end());
                if (right == null)
                    throw new IllegalArgumentException(
                            series.name() + ": window end " + current.end() + " is not a timestamp");
                currentRight = right;
                currentWidth = currentRight - i + 1;
            }
            double sweepScore;
            if (current != null) {
                double position = -(currentRight - i + 1) / currentWidth;
                sweepScore = scaledSigmoid(position) * profile.tpWeight() / maxTp;
            } else {
                double past = previousRight < 0 ? 3.0 : Math.abs(previousRight - i) / (previousWidth - 1);
                sweepScore = scaledSigmoid(past) * profile.fpWeight();
            }
            points.add(new Point(series.scores()[i], sweepScore, i >= probation ? currentName : PROBATIONARY));
            if (current != null && t.equals(current.end())) {
                previousRight = i;
                previousWidth = currentWidth;
                current = null;
                currentName = null;
            }
        }
        return points;
    }

    private record Best(double threshold, double score, int tp, int fp, int fn) {}

    /**
     * The best threshold for the corpus: going down through every distinct score, the score when every row at or
     * above it is a detection — a window counts its best (earliest) detection, or the missed-window cost; rows
     * outside windows add their cost. The first best wins.
     */
    private static Best best(List<Point> all, Profile profile) {
        List<Point> scorable = all.stream()
                .filter(p -> !PROBATIONARY.equals(p.window()))
                .sorted(Comparator.comparingDouble(Point::anomalyScore).reversed())
                .toList();
        Map<String, Double> windowParts = new HashMap<>();
        int fn = 0;
        for (Point p : scorable) {
            if (p.window() != null) {
                windowParts.put(p.window(), -profile.fnWeight());
                fn++;
            }
        }
        double windowSum = -profile.fnWeight() * windowParts.size();
        double fpSum = 0;
        int tp = 0;
        int fp = 0;
        double threshold = 1.1;
        Best best = new Best(threshold, windowSum, 0, 0, fn);
        for (Point p : scorable) {
            if (p.anomalyScore() != threshold) {
                double score = windowSum + fpSum;
                if (score > best.score()) best = new Best(threshold, score, tp, fp, fn);
                threshold = p.anomalyScore();
            }
            String window = p.window();
            if (window != null) {
                tp++;
                fn--;
                double old = windowParts.getOrDefault(window, -profile.fnWeight());
                if (p.sweepScore() > old) {
                    windowSum += p.sweepScore() - old;
                    windowParts.put(window, p.sweepScore());
                }
            } else {
                fp++;
                fpSum += p.sweepScore();
            }
        }
        double score = windowSum + fpSum;
        if (score > best.score()) best = new Best(threshold, score, tp, fp, fn);
        return best;
    }
}
