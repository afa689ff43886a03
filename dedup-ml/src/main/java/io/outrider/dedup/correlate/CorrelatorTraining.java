package io.outrider.dedup.correlate;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the correlator in force: the learned one, trained on the shipped simulated pairs plus the on-call feedback
 * so far, retrained when feedback arrives; the rule-based one until a model exists (no pairs of both labels yet,
 * or training failed).
 */
public final class CorrelatorTraining {

    private static final Logger log = LoggerFactory.getLogger(CorrelatorTraining.class);

    /** Written by {@code scripts/train-correlator} from the evaluation harness's simulated storms. */
    public static final String SIMULATED_PAIRS = "io/outrider/dedup/correlate/simulated-pairs.csv";

    private final List<TrainingPair> simulated;
    private final List<TrainingPair> feedback = new ArrayList<>();
    private final Correlator fallback;
    private final Clock clock;
    private volatile Correlator current;
    private volatile @Nullable LearnedCorrelator model;
    private int version;

    /** @param fallback the correlator until a model exists */
    public CorrelatorTraining(
            List<TrainingPair> simulated, List<TrainingPair> feedback, Correlator fallback, Clock clock) {
        this.simulated = List.copyOf(simulated);
        this.feedback.addAll(feedback);
        this.fallback = fallback;
        this.clock = clock;
        this.current = fallback;
        retrain();
    }

    /** The pairs shipped in this module's resources; none when the file is absent. */
    public static List<TrainingPair> simulatedPairs() {
        InputStream in = CorrelatorTraining.class.getClassLoader().getResourceAsStream(SIMULATED_PAIRS);
        if (in == null) return List.of();
        return TrainingPair.read(new InputStreamReader(in, StandardCharsets.UTF_8), SIMULATED_PAIRS);
    }

    /** The correlator to ask now. */
    public Correlator current() {
        return current;
    }

    /** The model in force, if one is. */
    public Optional<LearnedCorrelator.ModelInfo> model() {
        LearnedCorrelator m = model;
        return m == null ? Optional.empty() : Optional.of(m.info());
    }

    public synchronized int feedbackPairs() {
        return feedback.size();
    }

    /** Adds feedback labels (from a merge or split) and retrains; the new model serves the next decision. */
    public synchronized void learn(List<TrainingPair> pairs) {
        if (pairs.isEmpty()) return;
        feedback.addAll(pairs);
        retrain();
    }

    private synchronized void retrain() {
        List<TrainingPair> all = new ArrayList<>(simulated);
        all.addAll(feedback);
        try {
            long start = System.nanoTime();
            LearnedCorrelator trained = LearnedCorrelator.train(all, version + 1, clock.instant());
            version++;
            model = trained;
            current = trained;
            log.info(
                    "Correlator model {} trained on {} pairs in {} ms (training accuracy {})",
                    trained.provenance(),
                    all.size(),
                    (System.nanoTime() - start) / 1_000_000,
                    String.format(java.util.Locale.ROOT, "%.3f", trained.info().trainingAccuracy()));
        } catch (IllegalArgumentException | IllegalStateException notYet) {
            log.info("No correlator model yet ({}); the rule-based correlator serves", notYet.getMessage());
        }
    }
}
