package io.outrider.logistics.pricing;

/**
 * The surge multiplier from demand and supply in an area: 1 while riders outnumber the orders of the last minute,
 * rising with the ratio of orders to free riders, capped at {@value #MAX}.
 */
public final class Surge {

    static final double MAX = 2.5;

    private Surge() {}

    public static double multiplier(double ordersLastMinute, int freeRiders) {
        if (ordersLastMinute < 0) throw new IllegalArgumentException("ordersLastMinute < 0: " + ordersLastMinute);
        double ratio = ordersLastMinute / Math.max(1, freeRiders);
        double surge = 1 + 0.5 * Math.max(0, ratio - 1);
        return Math.round(Math.min(MAX, surge) * 100) / 100.0;
    }
}
