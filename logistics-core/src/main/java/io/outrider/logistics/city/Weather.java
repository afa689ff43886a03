package io.outrider.logistics.city;

/** Weather slows riders down and raises demand. */
public enum Weather {
    CLEAR(1.0, 1.0),
    RAIN(0.8, 1.4),
    STORM(0.6, 1.8);

    /** Rider speed relative to clear weather. */
    public final double speedFactor;
    /** Order demand relative to clear weather. */
    public final double demandFactor;

    Weather(double speedFactor, double demandFactor) {
        this.speedFactor = speedFactor;
        this.demandFactor = demandFactor;
    }
}
