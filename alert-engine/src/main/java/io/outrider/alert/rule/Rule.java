package io.outrider.alert.rule;

import io.outrider.alert.slo.BurnRate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One alert rule: what it looks at ({@link Query}; none for a composite), over which window (10 s or 1 min), the
 * condition that makes a group of series alert, how long it must hold ({@code for}) and be gone
 * ({@code resolveAfter}), and the labels and annotations of its alerts. {@code labels} carry at least
 * {@code symptom} and {@code severity}. Annotation values may name {@code {{label}}}, {@code {{observed}}} and
 * {@code {{expected}}}.
 *
 * @param origin where it was written, {@code file:line}, for error messages and the API
 */
public record Rule(
        String name,
        @Nullable Query query,
        Duration window,
        Duration forDuration,
        Duration resolveAfter,
        Map<String, String> labels,
        Map<String, String> annotations,
        Condition condition,
        String origin) {

    public static final Set<Duration> WINDOWS = Set.of(Duration.ofSeconds(10), Duration.ofMinutes(1));
    public static final Set<String> SYMPTOMS =
            Set.of("latency", "errors", "traffic", "saturation", "heartbeat", "kpi", "anomaly");
    public static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    public Rule {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public String type() {
        return condition.type();
    }

    /** What makes a group alert; one record per rule type. */
    public sealed interface Condition {
        String type();
    }

    public enum Op {
        GT(">"),
        GE(">="),
        LT("<"),
        LE("<="),
        EQ("=="),
        NE("!=");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public boolean test(double observed, double value) {
            return switch (this) {
                case GT -> observed > value;
                case GE -> observed >= value;
                case LT -> observed < value;
                case LE -> observed <= value;
                case EQ -> observed == value;
                case NE -> observed != value;
            };
        }
    }

    /**
     * The value crosses a fixed line. With {@code singleOut} ({@code city}, for span measures), a group whose
     * condition holds in one city while the group's other cities together stay well on the other side (no more than
     * half the line for {@code >}, at least twice it for {@code <}) alerts for that city alone, with a {@code city}
     * label — so that a fault in one city is that city's incident — and not for the whole group.
     */
    public record Threshold(Op op, double value, @Nullable String singleOut) implements Condition {
        public Threshold(Op op, double value) {
            this(op, value, null);
        }

        public String type() {
            return "threshold";
        }

        /** Whether {@code observed} is far from crossing: the other cities are well. */
        public boolean clearlyWell(double observed) {
            return switch (op) {
                case GT, GE -> observed <= value / 2;
                case LT, LE -> observed >= value * 2;
                case EQ, NE -> false;
            };
        }
    }

    /**
     * The value moved by at least {@code percent} from the mean of the {@code baseline} windows before it; a
     * baseline below {@code minBaseline} is too small to compare with.
     */
    public record Change(boolean drop, double percent, int baseline, double minBaseline) implements Condition {
        public String type() {
            return "change";
        }
    }

    /**
     * An SLO burns its error budget too fast: {@code availability} counts failed requests as bad, {@code latency}
     * requests slower than {@code latencyMs}.
     */
    public record Burn(boolean latency, double target, double latencyMs, List<BurnRate.Condition> windows)
            implements Condition {
        public Burn {
            windows = List.copyOf(windows);
        }

        public String type() {
            return "burn_rate";
        }
    }

    /**
     * The anomaly score of the value (from the series' own past) reaches {@code score}, and the value is at least
     * {@code minDeviation} (a fraction) away from the baseline — small series jitter can be statistically unusual
     * and still not worth a page.
     */
    public record Anomaly(double sensitivity, double score, double minDeviation) implements Condition {
        public String type() {
            return "anomaly";
        }
    }

    /** A group that had data has had none for {@code intervals} windows in a row. */
    public record Absence(int intervals) implements Condition {
        public String type() {
            return "absence";
        }
    }

    /** Every rule of {@code all} holds for the same values of the labels {@code on}. */
    public record Composite(List<String> all, List<String> on) implements Condition {
        public Composite {
            all = List.copyOf(all);
            on = List.copyOf(on);
        }

        public String type() {
            return "composite";
        }
    }
}
