package io.outrider.alert.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.alert.nab.NabScorer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesDetectorTest {

    private static final long FIVE_MINUTES = 300_000;

    @Test
    void aSpikeOnADailyPatternScoresHighAndTheNormalDayLow() {
        SeriesDetector detector = new SeriesDetector(SeriesDetector.Settings.DEFAULT);
        SplittableRandom random = new SplittableRandom(1);
        double maxNormal = 0;
        double spike = 0;
        for (int i = 0; i < 288 * 6; i++) {
            double daily = 50 + 20 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian();
            boolean isSpike = i == 288 * 5 + 100;
            double score = detector.score(i * FIVE_MINUTES, isSpike ? daily + 30 : daily);
            if (isSpike) spike = score;
            else if (i > 288 * 3) maxNormal = Math.max(maxNormal, score);
        }
        // 0.5 is the usual
        assertThat(spike).as("spike").isGreaterThan(maxNormal + 0.05).isGreaterThan(0.85);
    }

    @Test
    void onTheNabDevelopmentCorpusItBeatsTheWindowedGaussianBaseline() throws Exception {
        Path root = Path.of(SeriesDetectorTest.class
                        .getResource("/nab-dev/combined_windows.json")
                        .toURI())
                .getParent();
        double score = NabScorer.score(
                        NabEvaluation.detect(root, SeriesDetector.Settings.DEFAULT), NabScorer.Profile.STANDARD)
                .normalized();
        // windowedGaussian, the published simple baseline, scores 26.52 on these files
        assertThat(score).isGreaterThan(26.52);
    }
}
