package io.outrider.collector.cat.server;

import java.util.concurrent.atomic.AtomicLong;

/** What one client address sent: frames and bytes taken, frames refused by reason, and reading paused (backpressure). */
public final class ClientStats {

    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();
    final AtomicLong empty = new AtomicLong();
    final AtomicLong refusedConnections = new AtomicLong();
    final AtomicLong readPauses = new AtomicLong();

    public long frames() {
        return frames.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long messages() {
        return messages.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long oversized() {
        return oversized.get();
    }

    public long empty() {
        return empty.get();
    }

    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** Times reading from this client paused because Kafka was congested (its frames wait in its socket). */
    public long readPauses() {
        return readPauses.get();
    }
}
