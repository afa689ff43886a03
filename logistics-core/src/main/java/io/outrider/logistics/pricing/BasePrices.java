package io.outrider.logistics.pricing;

import java.util.Map;

/**
 * The base price table: a fixed fee plus a fee per kilometre, per city. The price without surge, and the fallback
 * callers charge when pricing-service cannot answer.
 */
public final class BasePrices {

    private record Tariff(double fixed, double perKm) {}

    private static final Map<String, Tariff> TARIFFS = Map.of(
            "shanghai", new Tariff(6, 1.4),
            "beijing", new Tariff(6, 1.3),
            "shenzhen", new Tariff(5, 1.2));
    private static final Tariff DEFAULT = new Tariff(5, 1.0);

    private BasePrices() {}

    /** The fee in yuan, rounded to 0.1. */
    public static double fee(String city, double distanceKm) {
        if (distanceKm < 0) throw new IllegalArgumentException("distanceKm < 0: " + distanceKm);
        Tariff tariff = TARIFFS.getOrDefault(city, DEFAULT);
        return Math.round((tariff.fixed() + tariff.perKm() * distanceKm) * 10) / 10.0;
    }
}
