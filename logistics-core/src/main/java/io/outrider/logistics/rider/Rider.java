package io.outrider.logistics.rider;

import io.outrider.logistics.city.GeoPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One rider: where they are, the stops ahead of them (pickups and drop-offs), and how many orders they carry. */
final class Rider {

    static final int CAPACITY = 3;

    /** A place to go and what happens there. */
    record Stop(String orderId, GeoPoint place, boolean pickup) {}

    final String id;
    final String city;
    private GeoPoint position;
    private final Deque<Stop> stops = new ArrayDeque<>();
    private final Set<String> orders = new HashSet<>();

    Rider(String id, String city, GeoPoint position) {
        this.id = id;
        this.city = city;
        this.position = position;
    }

    synchronized GeoPoint position() {
        return position;
    }

    synchronized int load() {
        return orders.size();
    }

    synchronized String state() {
        if (orders.isEmpty()) return "idle";
        return stops.peekFirst() != null && stops.peekFirst().pickup() ? "to_pickup" : "delivering";
    }

    synchronized boolean take(String orderId, GeoPoint pickup, GeoPoint dropoff) {
        if (orders.size() >= CAPACITY || orders.contains(orderId)) return false;
        orders.add(orderId);
        stops.addLast(new Stop(orderId, pickup, true));
        stops.addLast(new Stop(orderId, dropoff, false));
        return true;
    }

    /** Moves {@code km} along the route; returns the stops reached on the way, in order. */
    synchronized List<Stop> advance(double km) {
        List<Stop> reached = new ArrayList<>();
        double left = km;
        while (left > 0 && !stops.isEmpty()) {
            Stop next = stops.peekFirst();
            double straight =
                    Math.hypot(next.place().x() - position.x(), next.place().y() - position.y());
            if (straight <= left) {
                position = next.place();
                left -= straight;
                stops.removeFirst();
                if (!next.pickup()) orders.remove(next.orderId());
                reached.add(next);
            } else {
                position = position.towards(next.place(), left);
                left = 0;
            }
        }
        return reached;
    }
}
