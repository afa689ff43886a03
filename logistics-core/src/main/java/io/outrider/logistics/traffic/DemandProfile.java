package io.outrider.logistics.traffic;

/**
 * How order demand varies over a day, relative to the base rate: quiet at night, a lunch peak (11:00–13:00) and a
 * dinner peak (17:00–19:30), as food delivery sees them.
 */
public final class DemandProfile {

    private DemandProfile() {}

    /** The multiplier of the base rate at {@code minuteOfDay} (0..1439). */
    public static double at(int minuteOfDay) {
        if (minuteOfDay < 0 || minuteOfDay >= 24 * 60)
            throw new IllegalArgumentException("minuteOfDay not in 0..1439: " + minuteOfDay);
        double hour = minuteOfDay / 60.0;
        if (hour < 6) return 0.2;
        if (hour < 10.5) return 0.6;
        if (hour < 11) return 0.6 + (hour - 10.5) * 2.8; // ramp to the lunch peak
        if (hour < 13) return 2.0;
        if (hour < 14) return 2.0 - (hour - 13) * 1.2;
        if (hour < 17) return 0.8;
        if (hour < 19.5) return 1.8;
        if (hour < 22) return 1.0;
        return 0.4;
    }
}
