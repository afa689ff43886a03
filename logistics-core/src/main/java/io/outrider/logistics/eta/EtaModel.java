package io.outrider.logistics.eta;

import io.outrider.logistics.city.Weather;
import java.util.SplittableRandom;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;

/**
 * The delivery-time model: gradient-boosted trees (Smile) over distance, hour, weather and rider load, trained at
 * start on a seeded history of deliveries. The history has what the formula misses — slower traffic in the
 * evening peak than at lunch, loads that hurt more than linearly — so the model beats the formula when both are
 * right about the basics.
 */
public final class EtaModel {

    private static final String[] COLUMNS = {"distanceKm", "hour", "weather", "load", "minutes"};

    private final GradientTreeBoost model;
    private final int trainingRows;

    private EtaModel(GradientTreeBoost model, int trainingRows) {
        this.model = model;
        this.trainingRows = trainingRows;
    }

    /** Trains on {@code rows} deliveries drawn with {@code seed}. */
    public static EtaModel train(long seed, int rows) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] data = new double[rows][];
        for (int i = 0; i < rows; i++) {
            double distance = 0.3 + random.nextDouble() * 12;
            int hour = random.nextInt(24);
            Weather weather = Weather.values()[random.nextInt(Weather.values().length)];
            double load = random.nextDouble() * 4;
            data[i] = new double[] {
                distance, hour, weather.ordinal(), load, observedMinutes(distance, hour, weather, load, random)
            };
        }
        DataFrame frame = DataFrame.of(data, COLUMNS);
        GradientTreeBoost model = GradientTreeBoost.fit(
                Formula.lhs("minutes"),
                frame,
                new GradientTreeBoost.Options(smile.model.cart.Loss.ls(), 300, 20, 16, 5, 0.1, 0.7, null, null));
        return new EtaModel(model, rows);
    }

    /** What deliveries really took in the training history: the formula's basics plus effects it does not know. */
    static double observedMinutes(double distanceKm, int hour, Weather weather, double load, SplittableRandom random) {
        double base = EtaFormula.minutes(distanceKm, hour, weather, load);
        double eveningJam = hour >= 17 && hour < 20 ? distanceKm * 0.6 : 0;
        double overload = load > 2.5 ? (load - 2.5) * (load - 2.5) * 4 : 0;
        double noise = random.nextGaussian() * 1.5;
        return Math.max(3, base + eveningJam + overload + noise);
    }

    public double minutes(double distanceKm, int hour, Weather weather, double load) {
        DataFrame row = DataFrame.of(new double[][] {{distanceKm, hour, weather.ordinal(), load, 0}}, COLUMNS);
        return Math.max(1, model.predict(row.get(0)));
    }

    public int trainingRows() {
        return trainingRows;
    }
}
