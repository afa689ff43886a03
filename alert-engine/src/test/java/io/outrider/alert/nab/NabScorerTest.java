package io.outrider.alert.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scorer against the published NAB standard-profile scores of two detectors on the development corpus. */
class NabScorerTest {

    private static List<NabScorer.Series> published(String detector) throws URISyntaxException {
        Path root = Path.of(NabScorerTest.class
                        .getResource("/nab-dev/combined_windows.json")
                        .toURI())
                .getParent();
        Map<String, List<NabScorer.Window>> windows = NabCorpus.windows(root.resolve("combined_windows.json"));
        List<NabScorer.Series> corpus = new ArrayList<>();
        windows.forEach((file, labelled) -> {
            String category = file.substring(0, file.indexOf('/'));
            String name = file.substring(file.indexOf('/') + 1);
            NabCorpus.Columns results = NabCorpus.read(
                    root.resolve("results").resolve(detector).resolve(category).resolve(detector + "_" + name),
                    "anomaly_score");
            corpus.add(new NabScorer.Series(file, results.timestamps(), results.values(), labelled));
        });
        return corpus;
    }

    @Test
    void theScoresPublishedForArTimeAndWindowedGaussianAreReproduced() throws Exception {
        assertThat(NabScorer.score(published("ARTime"), NabScorer.Profile.STANDARD)
                        .normalized())
                .isCloseTo(69.81, within(0.005));
        assertThat(NabScorer.score(published("windowedGaussian"), NabScorer.Profile.STANDARD)
                        .normalized())
                .isCloseTo(26.52, within(0.005));
    }

    @Test
    void theScaledSigmoidRewardsEarlyDetections() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(0.0)).isZero();
        assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
    }
}
