package io.outrider.alert.silence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on one label, as Alertmanager writes them: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regular expressions are anchored (they match the whole value); a
 * missing label has the value {@code ""}.
 */
public record LabelMatcher(String name, Op op, String value) {

    public enum Op {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) throw new IllegalArgumentException("a matcher needs a label name");
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "matcher " + name + op.symbol + " has an invalid regex: " + e.getDescription());
            }
        }
    }

    /** Parses {@code name<op>"value"} (quotes optional). */
    public static LabelMatcher parse(String text) {
        for (Op op : List.of(Op.NOT_REGEX, Op.REGEX, Op.NOT_EQUAL, Op.EQUAL)) {
            int at = text.indexOf(op.symbol);
            if (at > 0) {
                String value = text.substring(at + op.symbol.length()).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                    value = value.substring(1, value.length() - 1);
                return new LabelMatcher(text.substring(0, at).strip(), op, value);
            }
        }
        throw new IllegalArgumentException("not a matcher (name=\"value\", !=, =~ or !~): " + text);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> Pattern.matches(value, actual);
            case NOT_REGEX -> !Pattern.matches(value, actual);
        };
    }

    /** Whether every matcher matches. */
    public static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher matcher : matchers) if (!matcher.matches(labels)) return false;
        return true;
    }

    @Override
    public String toString() {
        return name + op.symbol + '"' + value + '"';
    }
}
