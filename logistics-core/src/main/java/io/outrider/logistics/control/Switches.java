package io.outrider.logistics.control;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Degrade switches of one service ({@code eta.model}, {@code pricing.surge}, {@code dispatch.batch-window-ms}, ...):
 * each has a default set by the service and may be overridden, optionally until an expiry.
 */
public final class Switches {

    /** One switch as it stands. */
    public record State(
            String name,
            Object value,
            Object defaultValue,
            @Nullable Instant expiresAt) {}

    private record Override(Object value, @Nullable Instant expiresAt) {}

    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final Map<String, Override> overrides = new ConcurrentHashMap<>();

    /** Declares a switch with its default; the default's type (boolean, number, string) is the switch's type. */
    public Switches define(String name, Object defaultValue) {
        defaults.put(name, defaultValue);
        return this;
    }

    public boolean bool(String name, Instant now) {
        return (Boolean) value(name, now);
    }

    public long number(String name, Instant now) {
        return ((Number) value(name, now)).longValue();
    }

    public String text(String name, Instant now) {
        return value(name, now).toString();
    }

    public Object value(String name, Instant now) {
        Object defaultValue = requireDefined(name);
        Override override = overrides.get(name);
        if (override == null) return defaultValue;
        if (override.expiresAt() != null && !now.isBefore(override.expiresAt())) {
            overrides.remove(name, override);
            return defaultValue;
        }
        return override.value();
    }

    /** Sets a switch; the value must have the switch's type. Returns the value before. */
    public Object set(String name, Object value, @Nullable Instant expiresAt, Instant now) {
        Object defaultValue = requireDefined(name);
        Object coerced = coerce(name, defaultValue, value);
        Object before = value(name, now);
        overrides.put(name, new Override(coerced, expiresAt));
        return before;
    }

    /** Back to the default. Returns the value before. */
    public Object reset(String name, Instant now) {
        Object before = value(name, now);
        overrides.remove(name);
        return before;
    }

    public List<State> states(Instant now) {
        return defaults.keySet().stream()
                .map(name -> {
                    Object value = value(name, now);
                    Override override = overrides.get(name);
                    return new State(name, value, requireDefined(name), override == null ? null : override.expiresAt());
                })
                .toList();
    }

    private Object requireDefined(String name) {
        Object defaultValue = defaults.get(name);
        if (defaultValue == null)
            throw new IllegalArgumentException("no switch " + name + "; switches here: " + defaults.keySet());
        return defaultValue;
    }

    private static Object coerce(String name, Object defaultValue, Object value) {
        if (defaultValue instanceof Boolean && value instanceof Boolean) return value;
        if (defaultValue instanceof Number && value instanceof Number number) return number.longValue();
        if (defaultValue instanceof String && value instanceof String) return value;
        throw new IllegalArgumentException("switch " + name + " takes a "
                + defaultValue.getClass().getSimpleName().toLowerCase() + " like " + defaultValue + ", not " + value);
    }
}
