package io.outrider.logistics.city;

/**
 * A place in a city, in kilometres east ({@code x}) and north ({@code y}) of the city's south-west corner. Cities
 * are {@value #CITY_SIZE_KM} km squares.
 */
public record GeoPoint(double x, double y) {

    public static final double CITY_SIZE_KM = 20;
    /** Streets are not straight lines: road distance is this much longer than the straight one. */
    static final double ROAD_FACTOR = 1.3;
    /** Side of the square pricing areas, in km. */
    static final double AREA_SIZE_KM = 5;

    public GeoPoint {
        if (!(x >= 0 && x <= CITY_SIZE_KM && y >= 0 && y <= CITY_SIZE_KM)) {
            throw new IllegalArgumentException(
                    "point outside the city's 0.." + (int) CITY_SIZE_KM + " km square: (" + x + ", " + y + ")");
        }
    }

    /** Road distance in km. */
    public double roadKmTo(GeoPoint other) {
        return Math.hypot(x - other.x, y - other.y) * ROAD_FACTOR;
    }

    /** The pricing area this point is in, e.g. {@code a1-3}. */
    public String area() {
        int column = (int) Math.min(x / AREA_SIZE_KM, CITY_SIZE_KM / AREA_SIZE_KM - 1);
        int row = (int) Math.min(y / AREA_SIZE_KM, CITY_SIZE_KM / AREA_SIZE_KM - 1);
        return "a" + column + "-" + row;
    }

    /** The point {@code km} along the straight line towards {@code target}, or the target if it is closer. */
    public GeoPoint towards(GeoPoint target, double km) {
        double straight = Math.hypot(target.x - x, target.y - y);
        if (straight <= km) return target;
        double f = km / straight;
        return new GeoPoint(x + (target.x - x) * f, y + (target.y - y) * f);
    }
}
