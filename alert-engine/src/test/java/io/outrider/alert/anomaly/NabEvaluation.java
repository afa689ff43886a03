package io.outrider.alert.anomaly;

import io.outrider.alert.nab.NabCorpus;
import io.outrider.alert.nab.NabScorer;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detector on a NAB corpus, scored the NAB way (each file scored from its start, one detector per file, only
 * past data at each point). Usage: {@code NabEvaluation CORPUS_DIR} (holding {@code data/} and
 * {@code combined_windows.json}); prints the normalized scores of the three profiles.
 */
public final class NabEvaluation {

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        SeriesDetector.Settings settings = args.length > 1
                ? new SeriesDetector.Settings(
                        Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]),
                        Double.parseDouble(args[4]),
                        Integer.parseInt(args[5]))
                : SeriesDetector.Settings.DEFAULT;
        List<NabScorer.Series> corpus = detect(root, settings);
        System.out.println("| profile | score (null 0, perfect 100) | threshold | TP rows | FP rows |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (var profile : List.of(
                Map.entry("standard", NabScorer.Profile.STANDARD),
                Map.entry("reward low FP", NabScorer.Profile.REWARD_LOW_FP),
                Map.entry("reward low FN", NabScorer.Profile.REWARD_LOW_FN))) {
            NabScorer.Result result = NabScorer.score(corpus, profile.getValue());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.2f | %.4f | %d | %d |%n",
                    profile.getKey(),
                    result.normalized(),
                    result.threshold(),
                    result.tp(),
                    result.fp());
        }
        double nabThreshold =
                NabScorer.score(corpus, NabScorer.Profile.STANDARD).threshold();
        System.out.println();
        System.out.println("| threshold | windows found | detections (true) | precision | recall | F1 |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (double threshold : new double[] {nabThreshold, 0.8, 0.9}) {
            var w = io.outrider.alert.nab.WindowMetrics.of(corpus, threshold);
            System.out.printf(
                    Locale.ROOT,
                    "| %.4f%s | %d / %d | %d (%d) | %.3f | %.3f | %.3f |%n",
                    threshold,
                    threshold == nabThreshold ? " (NAB standard's)" : "",
                    w.found(),
                    w.windows(),
                    w.detections(),
                    w.trueDetections(),
                    w.precision(),
                    w.recall(),
                    w.f1());
        }
    }

    /** Every data file of the corpus scored by a fresh detector. */
    static List<NabScorer.Series> detect(Path root, SeriesDetector.Settings settings) {
        List<NabScorer.Series> corpus = new ArrayList<>();
        NabCorpus.windows(root.resolve("combined_windows.json")).forEach((file, windows) -> {
            NabCorpus.Columns data = NabCorpus.read(root.resolve("data").resolve(file), "value");
            SeriesDetector detector = new SeriesDetector(settings);
            double[] scores = new double[data.values().length];
            for (int i = 0; i < scores.length; i++)
                scores[i] = detector.score(
                        data.timestamps().get(i).toInstant(ZoneOffset.UTC).toEpochMilli(), data.values()[i]);
            corpus.add(new NabScorer.Series(file, data.timestamps(), scores, windows));
        });
        return corpus;
    }
}
