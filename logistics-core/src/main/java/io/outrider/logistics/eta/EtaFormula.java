package io.outrider.logistics.eta;

import io.outrider.logistics.city.Weather;

/**
 * The delivery-time formula: preparation, then the ride at a speed that depends on the hour and the weather, plus a
 * penalty when riders are loaded. The fallback when the model is off or failing, and what callers use when
 * eta-service cannot be reached.
 */
public final class EtaFormula {

    static final double PREPARATION_MINUTES = 8;
    static final double CLEAR_SPEED_KMH = 18;

    private EtaFormula() {}

    public static double minutes(double distanceKm, int hour, Weather weather, double load) {
        if (distanceKm < 0) throw new IllegalArgumentException("distanceKm < 0: " + distanceKm);
        if (hour < 0 || hour > 23) throw new IllegalArgumentException("hour not in 0..23: " + hour);
        double speed = CLEAR_SPEED_KMH * weather.speedFactor * (isRushHour(hour) ? 0.8 : 1.0);
        double ride = distanceKm / speed * 60;
        double loadPenalty = Math.max(0, load - 1) * 3;
        return PREPARATION_MINUTES + ride + loadPenalty;
    }

    static boolean isRushHour(int hour) {
        return (hour >= 11 && hour < 13) || (hour >= 17 && hour < 20);
    }
}
