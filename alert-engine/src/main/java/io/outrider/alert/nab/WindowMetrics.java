package io.outrider.alert.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Window-level precision, recall and F1 of a detector at one threshold, a plainer companion to the NAB score. A
 * detection is a run of consecutive points scored at or above the threshold (an alert, not a row); it is true when
 * it starts inside a labelled window. A window is found when at least one detection starts in it.
 * {@code precision = true detections / detections}, {@code recall = windows found / windows}.
 */
public final class WindowMetrics {

    public record Result(
            double threshold,
            int windows,
            int found,
            int detections,
            int trueDetections,
            double precision,
            double recall,
            double f1) {}

    private WindowMetrics() {}

    public static Result of(List<NabScorer.Series> corpus, double threshold) {
        int windows = 0;
        int found = 0;
        int detections = 0;
        int trueDetections = 0;
        for (NabScorer.Series series : corpus) {
            windows += series.windows().size();
            boolean[] hit = new boolean[series.windows().size()];
            boolean inRun = false;
            for (int i = 0; i < series.scores().length; i++) {
                boolean flagged = series.scores()[i] >= threshold;
                if (flagged && !inRun) {
                    detections++;
                    int window = windowOf(series.windows(), series.timestamps().get(i));
                    if (window >= 0) {
                        trueDetections++;
                        hit[window] = true;
                    }
                }
                inRun = flagged;
            }
            for (boolean h : hit) if (h) found++;
        }
        double precision = detections == 0 ? 0 : (double) trueDetections / detections;
        double recall = windows == 0 ? 0 : (double) found / windows;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Result(threshold, windows, found, detections, trueDetections, precision, recall, f1);
    }

    private static int windowOf(List<NabScorer.Window> windows, LocalDateTime at) {
        for (int w = 0; w < windows.size(); w++) {
            NabScorer.Window window = windows.get(w);
            if (!at.isBefore(window.start()) && !at.isAfter(window.end())) return w;
        }
        return -1;
    }
}
