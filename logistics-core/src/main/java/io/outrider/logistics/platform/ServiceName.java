package io.outrider.logistics.platform;

import java.util.Arrays;
import java.util.Locale;

/** The five services of the logistics core; each runs in its own JVM under its own CAT domain. */
public enum ServiceName {
    ORDER(1),
    DISPATCH(2),
    RIDER(3),
    ETA(4),
    PRICING(5);

    private final int portOffset;

    ServiceName(int portOffset) {
        this.portOffset = portOffset;
    }

    /** The short name: {@code order}, {@code dispatch}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The CAT domain and process name: {@code order-service}, ... */
    public String domain() {
        return id() + "-service";
    }

    /** The port when the group's ports start at {@code basePort} (the supervisor's own port). */
    public int port(int basePort) {
        return basePort + portOffset;
    }

    public static ServiceName of(String id) {
        return Arrays.stream(values())
                .filter(s -> s.id().equals(id) || s.domain().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service " + id + "; one of "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT)));
    }
}
