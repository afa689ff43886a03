package io.outrider.alert.anomaly;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Anomaly scores for one series, point by point, from its past only: a robust baseline — the median of the recent
 * window, and once there are enough days, the median of the same time of day over the past days (a seasonal
 * baseline) — and a robust spread (median absolute deviation of the residuals). The score in [0, 1] grows with how
 * many spreads away from the baseline a value is, or the mean of the last 6 or 24 values (a sustained shift, in
 * standard errors of such a mean), each against how far this series usually strays; {@code sensitivity} moves
 * where it grows (higher: earlier). After
 * a strong anomaly the same episode is not scored again at full strength for a while, so one incident raises one
 * alarm. The same code scores streams (the alert engine) and files ({@code outrider detect}).
 */
public final class SeriesDetector {

    /**
     * @param recent points in the recent window (median and spread)
     * @param seasonDays past days the seasonal baseline looks at
     * @param minSeasonDays days of history before the seasonal baseline is used
     * @param sensitivity 1 is the default; 2 flags at half the distance
     * @param refractory points after a strong anomaly during which new scores are damped
     */
    public record Settings(int recent, int seasonDays, int minSeasonDays, double sensitivity, int refractory) {
        public static final Settings DEFAULT = new Settings(288, 7, 2, 1.0, 288);

        public Settings {
            if (recent < 10) throw new IllegalArgumentException("recent window < 10 points: " + recent);
            if (sensitivity <= 0) throw new IllegalArgumentException("sensitivity must be > 0: " + sensitivity);
        }
    }

    private static final long DAY_MS = 86_400_000L;
    private static final int WARM_UP = 30;
    private static final double MAX_Z = 50;
    private static final int LONG = 2016;
    private static final double SCALE = 3;
    /** x of 6 spreads of the distances: a strong anomaly. */
    private static final double STRONG = 0.5 + 0.5 * 6 / (6 + SCALE);

    private final Settings settings;
    private final Ring recent;
    private final Ring residuals;
    private final Ring distances = new Ring(LONG);
    /**
     * The spans (in points) over which sustained shifts are looked for besides single points: a level that moved a
     * little but stays moved is as telling as one far-off point. A few points, and a few hours of 5-minute data.
     */
    private static final int[] SHIFTS = {6, 24};

    private final Ring[] shiftDistances = new Ring[SHIFTS.length];
    private final Ring[] lastResiduals = new Ring[SHIFTS.length];
    private final Map<Long, Ring> byPhase = new HashMap<>();
    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private long intervalMillis;
    private int seen;
    private int sinceStrong;
    private double lastBaseline = Double.NaN;

    public SeriesDetector(Settings settings) {
        this.settings = settings;
        this.recent = new Ring(settings.recent());
        this.residuals = new Ring(settings.recent());
        this.sinceStrong = settings.refractory();
        for (int k = 0; k < SHIFTS.length; k++) {
            shiftDistances[k] = new Ring(LONG);
            lastResiduals[k] = new Ring(SHIFTS[k]);
        }
    }

    /** The score of {@code value} at {@code epochMillis}, then learns it. Points must come in time order. */
    public double score(long epochMillis, double value) {
        if (Double.isNaN(value)) return 0;
        if (firstMillis == Long.MIN_VALUE) firstMillis = epochMillis;
        if (lastMillis != Long.MIN_VALUE && epochMillis > lastMillis) {
            long step = epochMillis - lastMillis;
            intervalMillis = intervalMillis == 0 ? step : Math.min(intervalMillis, step);
        }
        lastMillis = epochMillis;
        double z = 0;
        lastBaseline = recent.size() > 0 ? recent.median() : Double.NaN;
        Ring phase = intervalMillis > 0 ? byPhase.get(phase(epochMillis)) : null;
        boolean seasonal = phase != null
                && phase.size() >= settings.minSeasonDays()
                && epochMillis - firstMillis >= settings.minSeasonDays() * DAY_MS;
        double residual;
        if (seasonal && phase != null) {
            lastBaseline = phase.median();
            residual = value - lastBaseline;
        } else {
            residual = recent.size() > 0 ? value - recent.median() : 0;
        }
        if (seen >= WARM_UP) {
            double spread = spread(seasonal);
            z = Math.min(MAX_Z, Math.abs(residual) / spread);
        }
        double raw = likelihood(z);
        // a shift: the mean residual of the last n points, in standard errors of a mean of n (spread / √n)
        for (int k = 0; k < SHIFTS.length; k++) {
            int n = SHIFTS[k];
            lastResiduals[k].add(residual);
            double zs = 0;
            if (seen >= WARM_UP && lastResiduals[k].size() == n) {
                double spread = spread(seasonal);
                zs = Math.min(MAX_Z, Math.abs(lastResiduals[k].mean()) / spread * Math.sqrt(n));
            }
            raw = Math.max(raw, likelihoodOf(shiftDistances[k], zs));
        }
        double score = raw;
        if (sinceStrong < settings.refractory()) {
            score *= (double) sinceStrong / settings.refractory(); // damp repeats of one episode
            sinceStrong++;
        } else if (raw >= STRONG) {
            sinceStrong = 0; // a strong anomaly starts an episode
        }
        learn(epochMillis, value, residual);
        return score;
    }

    /** The baseline the last value was compared with (recent or seasonal median); NaN before the first value. */
    public double lastBaseline() {
        return lastBaseline;
    }

    private double spread(boolean seasonal) {
        double mad = seasonal && residuals.size() >= WARM_UP ? residuals.absMedian() : recent.mad();
        double level = Math.abs(recent.median());
        // a floor keeps a flat series from making every tiny change infinitely surprising
        return Math.max(1.4826 * mad, Math.max(1e-3 * level, 1e-9));
    }

    /**
     * How unusual this distance is for this series: how many spreads it lies above the mean of the series' recent
     * distances (the last {@value #LONG}), mapped to [0, 1] with 0.5 at the usual. Series that are always noisy
     * thus need larger departures than quiet ones.
     */
    private double likelihood(double z) {
        return likelihoodOf(distances, z);
    }

    private double likelihoodOf(Ring distances, double z) {
        distances.add(z);
        if (distances.size() < WARM_UP) return 0;
        double mean = distances.mean();
        double sd = Math.max(distances.sd(), 1e-3);
        double x = settings.sensitivity() * (z - mean) / sd;
        // monotone in x without saturating, so that the largest departures still rank above large ones
        return 0.5 + 0.5 * x / (Math.abs(x) + SCALE);
    }

    private void learn(long epochMillis, double value, double residual) {
        seen++;
        recent.add(value);
        residuals.add(residual);
        if (intervalMillis > 0)
            byPhase.computeIfAbsent(phase(epochMillis), p -> new Ring(settings.seasonDays()))
                    .add(value);
    }

    private long phase(long epochMillis) {
        return Math.floorMod(epochMillis, DAY_MS) / intervalMillis;
    }

    /** The last {@code capacity} values. */
    private static final class Ring {
        private final double[] values;
        private int size;
        private int next;

        Ring(int capacity) {
            values = new double[capacity];
        }

        void add(double value) {
            values[next] = value;
            next = (next + 1) % values.length;
            if (size < values.length) size++;
        }

        int size() {
            return size;
        }

        double median() {
            double[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return size % 2 == 1 ? copy[size / 2] : (copy[size / 2 - 1] + copy[size / 2]) / 2;
        }

        double absMedian() {
            double[] copy = new double[size];
            for (int i = 0; i < size; i++) copy[i] = Math.abs(values[i]);
            Arrays.sort(copy);
            return size % 2 == 1 ? copy[size / 2] : (copy[size / 2 - 1] + copy[size / 2]) / 2;
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < size; i++) sum += values[i];
            return size == 0 ? 0 : sum / size;
        }

        double sd() {
            double mean = mean();
            double sum = 0;
            for (int i = 0; i < size; i++) sum += (values[i] - mean) * (values[i] - mean);
            return size < 2 ? 0 : Math.sqrt(sum / (size - 1));
        }

        double mad() {
            if (size == 0) return 0;
            double median = median();
            double[] deviations = new double[size];
            for (int i = 0; i < size; i++) deviations[i] = Math.abs(values[i] - median);
            Arrays.sort(deviations);
            return size % 2 == 1 ? deviations[size / 2] : (deviations[size / 2 - 1] + deviations[size / 2]) / 2;
        }
    }
}
