package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The learned correlator: a Tribuo logistic regression scores each (alert, open incident) pair on the
 * {@link Features}; the alert joins the incident with the highest probability of belonging together when it is at
 * least {@value #JOIN_AT}, otherwise it opens an incident. Trained on labelled pairs from simulated alert storms and
 * from on-call feedback (merges and splits, each weighted as {@value #FEEDBACK_WEIGHT} simulated pairs); every decision
 * names the model that made it ({@link #provenance()}).
 * Incidents quiet for longer than {@link #HORIZON} are not candidates, whatever the model says.
 */
public final class LearnedCorrelator implements Correlator {

    static final String TOGETHER = "together";
    static final String APART = "apart";
    static final double JOIN_AT = 0.5;
    private static final long SEED = 20261124L;
    /** A person's correction counts as much as this many simulated pairs. */
    static final int FEEDBACK_WEIGHT = 10;

    static final Duration HORIZON = Duration.ofMinutes(30);
    private static final String[] NAMES = Features.NAMES.toArray(String[]::new);
    private static final LabelFactory LABELS = new LabelFactory();

    /**
     * What the model is and what it learned from.
     *
     * @param version the training generation, counted by the caller
     * @param simulated pairs from simulated storms
     * @param feedback pairs from merges and splits
     * @param trainingAccuracy share of the training pairs the model labels right
     * @param tribuo Tribuo's own provenance of the model (trainer, its settings, the data source)
     */
    public record ModelInfo(
            int version,
            Instant trainedAt,
            int simulated,
            int feedback,
            double trainingAccuracy,
            String trainer,
            String tribuo) {

        /** The short form each decision carries. */
        public String id() {
            return "learned/" + version + " (tribuo logistic regression, " + simulated + " simulated + " + feedback
                    + " feedback pairs, " + trainedAt + ")";
        }
    }

    private final Model<Label> model;
    private final ModelInfo info;

    private LearnedCorrelator(Model<Label> model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    /**
     * Trains on the pairs (both labels must be present). Deterministic: the same pairs give the same model.
     *
     * @throws IllegalArgumentException when the pairs hold only one label
     */
    public static LearnedCorrelator train(List<TrainingPair> pairs, int version, Instant now) {
        long together = pairs.stream().filter(TrainingPair::together).count();
        if (together == 0 || together == pairs.size())
            throw new IllegalArgumentException(
                    "training needs pairs of both labels; got " + together + " together of " + pairs.size());
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance(
                        "alert-incident pairs", OffsetDateTime.ofInstant(now, ZoneOffset.UTC), LABELS),
                LABELS);
        for (TrainingPair pair : pairs) {
            ArrayExample<Label> example = new ArrayExample<>(
                    new Label(pair.together() ? TOGETHER : APART), names(pair.features()), values(pair.features()));
            // a person's label is shown several times: stochastic gradient steps see it as often as that many pairs
            for (int copy = 0; copy < (pair.fromPeople() ? FEEDBACK_WEIGHT : 1); copy++) data.add(example);
        }
        // logistic loss, AdaGrad, 20 passes over the shuffled pairs one at a time, fixed seed, no progress log
        LinearSGDTrainer trainer =
                new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), 20, Integer.MAX_VALUE, 1, SEED);
        Model<Label> model = trainer.train(data);
        int right = 0;
        for (TrainingPair pair : pairs)
            if ((probability(model, pair.features()) >= JOIN_AT) == pair.together()) right++;
        int feedback = (int) pairs.stream().filter(TrainingPair::fromPeople).count();
        return new LearnedCorrelator(
                model,
                new ModelInfo(
                        version,
                        now,
                        pairs.size() - feedback,
                        feedback,
                        (double) right / pairs.size(),
                        trainer.toString(),
                        model.getProvenance().toString()));
    }

    public ModelInfo info() {
        return info;
    }

    public String provenance() {
        return info.id();
    }

    /** The probability that an alert with these features belongs to the incident. */
    public double probability(Features features) {
        return probability(model, features);
    }

    private static double probability(Model<Label> model, Features features) {
        Prediction<Label> prediction =
                model.predict(new ArrayExample<>(LABELS.getUnknownOutput(), names(features), values(features)));
        Label together = prediction.getOutputScores().get(TOGETHER);
        return together == null ? 0 : together.getScore();
    }

    /** The dense features, then the alert pair as a feature of its own (its weight is the learned co-occurrence). */
    private static String[] names(Features f) {
        String[] names = java.util.Arrays.copyOf(NAMES, NAMES.length + 1);
        names[NAMES.length] = "pair=" + f.pair();
        return names;
    }

    private static double[] values(Features f) {
        double[] dense = f.vector();
        double[] values = java.util.Arrays.copyOf(dense, dense.length + 1);
        values[dense.length] = 1;
        return values;
    }

    @Override
    public Decision decide(Alert alert, List<Incident> open, CallGraph graph) {
        Incident best = null;
        Features bestFeatures = null;
        double bestP = 0;
        for (Incident incident : open) {
            if (!incident.status().open()) continue;
            Features f = Features.of(alert, incident, graph);
            if (f.gapSeconds() > HORIZON.toSeconds()) continue;
            double p = probability(f);
            if (p > bestP) {
                best = incident;
                bestFeatures = f;
                bestP = p;
            }
        }
        if (best == null || bestFeatures == null || bestP < JOIN_AT)
            return new Decision(
                    null,
                    1 - bestP,
                    String.format(Locale.ROOT, "no open incident fits (best p=%.2f)", bestP),
                    provenance());
        return new Decision(best.id(), bestP, reason(bestFeatures, bestP), provenance());
    }

    private static String reason(Features f, double p) {
        return String.format(Locale.ROOT, "%s, %.0f s after its last event, p=%.2f", f.relation(), f.gapSeconds(), p);
    }
}
