package io.outrider.core.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One lifecycle event of one alert, the record of {@code outrider.alerts}: it started firing, or it resolved. The
 * alert is its labels (its {@link Fingerprint}); the annotations say what was seen ({@code summary},
 * {@code observed}, {@code expected}, {@code link}, ...).
 *
 * @param source who raised it: {@code outrider} (the alert engine) or {@code alertmanager} (the webhook receiver)
 * @param endsAt when it resolved; null while firing
 */
public record Alert(
        String fingerprint,
        Status status,
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations,
        Instant startsAt,
        @Nullable Instant endsAt,
        String source,
        String generatorUrl) {

    public enum Status {
        FIRING,
        RESOLVED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The label naming the logistics unit (city or region) an alert belongs to, used as its partition key. */
    public static final String UNIT = "unit";

    public Alert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(generatorUrl, "generatorUrl");
        if (!labels.containsKey("alertname")) throw new IllegalArgumentException("an alert needs an alertname label");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        if (status == Status.RESOLVED && endsAt == null)
            throw new IllegalArgumentException("a resolved alert needs endsAt");
    }

    /** A firing alert whose fingerprint is that of its labels. */
    public static Alert firing(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            String source,
            String generatorUrl) {
        return new Alert(
                Fingerprint.of(labels),
                Status.FIRING,
                new TreeMap<>(labels),
                new TreeMap<>(annotations),
                startsAt,
                null,
                source,
                generatorUrl);
    }

    public Alert resolved(Instant at, Map<String, String> newAnnotations) {
        TreeMap<String, String> merged = new TreeMap<>(annotations);
        merged.putAll(newAnnotations);
        return new Alert(fingerprint, Status.RESOLVED, labels, merged, startsAt, at, source, generatorUrl);
    }

    /** The unit (city or region) this alert belongs to: {@code unit}, else {@code city}, else {@code global}. */
    public String unit() {
        String unit = labels.get(UNIT);
        if (unit == null) unit = labels.get("city");
        return unit != null ? unit : "global";
    }

    /** One occurrence of this alert: its fingerprint and when it started (the id of its Elasticsearch document). */
    public String occurrenceId() {
        return fingerprint + "-" + startsAt.toEpochMilli();
    }
}
