package io.outrider.logistics.order;

import io.outrider.logistics.city.GeoPoint;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An order and where it is in its life. Transitions are checked: an order cannot be delivered twice. */
final class Order {

    /** The life of an order. */
    enum Status {
        OPEN,
        ASSIGNED,
        PICKED_UP,
        DELIVERED,
        CANCELLED
    }

    final String id;
    final String city;
    final GeoPoint pickup;
    final GeoPoint dropoff;
    final double fee;
    final double etaMinutes;
    final Instant createdAt;
    private Status status = Status.OPEN;
    private @Nullable String riderId;
    private @Nullable Instant assignedAt;
    private @Nullable Instant deliveredAt;

    Order(String id, String city, GeoPoint pickup, GeoPoint dropoff, double fee, double etaMinutes, Instant createdAt) {
        this.id = id;
        this.city = city;
        this.pickup = pickup;
        this.dropoff = dropoff;
        this.fee = fee;
        this.etaMinutes = etaMinutes;
        this.createdAt = createdAt;
    }

    synchronized Status status() {
        return status;
    }

    synchronized @Nullable String riderId() {
        return riderId;
    }

    synchronized @Nullable Instant assignedAt() {
        return assignedAt;
    }

    synchronized @Nullable Instant deliveredAt() {
        return deliveredAt;
    }

    synchronized void assign(String rider, Instant at) {
        move(Status.OPEN, Status.ASSIGNED);
        riderId = rider;
        assignedAt = at;
    }

    synchronized void pickUp() {
        move(Status.ASSIGNED, Status.PICKED_UP);
    }

    synchronized void deliver(Instant at) {
        move(Status.PICKED_UP, Status.DELIVERED);
        deliveredAt = at;
    }

    synchronized void cancel() {
        if (status != Status.OPEN && status != Status.ASSIGNED) {
            throw new IllegalStateException("order " + id + " is " + status + " and can no longer be cancelled");
        }
        status = Status.CANCELLED;
    }

    private void move(Status from, Status to) {
        if (status != from) throw new IllegalStateException("order " + id + " is " + status + ", cannot become " + to);
        status = to;
    }
}
