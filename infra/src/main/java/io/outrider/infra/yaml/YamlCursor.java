package io.outrider.infra.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A position in a YAML document (its node, the path of fields that leads to it, its line), with typed readers that
 * record a {@link YamlError} — file, line, field — instead of throwing, so that one pass reports every mistake.
 * Alert rules and runbooks are read with it.
 */
public final class YamlCursor {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final String file;
    private final Node node;
    private final String path;
    private final List<YamlError> errors;
    private @Nullable Map<String, YamlCursor> fields;

    public YamlCursor(String file, Node node, String path, List<YamlError> errors) {
        this.file = file;
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /** The place of a missing field: the line of its parent, the path of the field. */
    public YamlCursor(YamlCursor parent, String field) {
        this(parent.file, parent.node, parent.child(field), parent.errors);
    }

    public int errorCount() {
        return errors.size();
    }

    /** The value of {@code key} if this is a mapping that has it as a single value, without reporting anything. */
    @Nullable
    public String peek(String key) {
        if (!(node instanceof MappingNode mapping)) return null;
        for (NodeTuple tuple : mapping.getValue())
            if (tuple.getKeyNode() instanceof ScalarNode k
                    && k.getValue().equals(key)
                    && tuple.getValueNode() instanceof ScalarNode v) return v.getValue();
        return null;
    }

    /** This node's single value (a list item), or null after reporting that it is not one. */
    @Nullable
    public String self() {
        return scalar();
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public String path() {
        return path;
    }

    public String origin() {
        return file + ":" + line();
    }

    public void error(String message) {
        errors.add(new YamlError(file, line(), path, message));
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Reads this node as a mapping with the given keys; unknown and repeated keys are errors. */
    public boolean mapping(Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            error("must be a mapping (key: value)");
            fields = Map.of();
            return false;
        }
        fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            YamlCursor keyCursor = new YamlCursor(file, key, path, errors);
            if (!(key instanceof ScalarNode scalar)) {
                keyCursor.error("keys must be plain words");
                continue;
            }
            String name = scalar.getValue();
            YamlCursor value = new YamlCursor(file, tuple.getValueNode(), child(name), errors);
            if (!allowed.contains(name)) {
                new YamlCursor(file, key, child(name), errors)
                        .error("unknown field; expected one of "
                                + allowed.stream().sorted().toList());
            } else if (fields.putIfAbsent(name, value) != null) {
                new YamlCursor(file, key, child(name), errors).error("given twice");
            }
        }
        return true;
    }

    @Nullable
    public YamlCursor field(String name) {
        if (fields == null) throw new IllegalStateException("mapping() first");
        return fields.get(name);
    }

    public boolean has(String name) {
        return field(name) != null;
    }

    private @Nullable String scalar() {
        if (node instanceof ScalarNode scalar) return scalar.getValue();
        error("must be a single value");
        return null;
    }

    @Nullable
    public String string(String name, boolean required) {
        YamlCursor f = field(name);
        if (f == null) {
            if (required) new YamlCursor(file, node, child(name), errors).error("required");
            return null;
        }
        String value = f.scalar();
        if (value != null && value.isBlank()) {
            f.error("must not be empty");
            return null;
        }
        return value;
    }

    public double number(String name, double fallback) {
        YamlCursor f = field(name);
        if (f == null) return fallback;
        String value = f.scalar();
        if (value == null) return fallback;
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed)) return parsed;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        f.error("must be a number, not '" + value + "'");
        return fallback;
    }

    public double requiredNumber(String name) {
        if (!has(name)) new YamlCursor(file, node, child(name), errors).error("required");
        return number(name, 0);
    }

    public Duration duration(String name, Duration fallback) {
        YamlCursor f = field(name);
        if (f == null) return fallback;
        String value = f.scalar();
        if (value == null) return fallback;
        Duration parsed = parseDuration(value.strip());
        if (parsed == null) {
            f.error("must be a duration such as 30s, 5m, 1h or 1d, not '" + value + "'");
            return fallback;
        }
        return parsed;
    }

    public static @Nullable Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public List<YamlCursor> list(String name) {
        YamlCursor f = field(name);
        if (f == null) return List.of();
        if (!(f.node instanceof SequenceNode sequence)) {
            f.error("must be a list");
            return List.of();
        }
        List<YamlCursor> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++)
            items.add(new YamlCursor(file, sequence.getValue().get(i), f.path + "[" + i + "]", errors));
        return items;
    }

    public List<String> strings(String name) {
        List<String> values = new ArrayList<>();
        for (YamlCursor item : list(name)) {
            String value = item.scalar();
            if (value != null) values.add(value);
        }
        return values;
    }

    /** This node as a mapping whose keys are names of the file's own choosing (e.g. parameters), in file order. */
    public Map<String, YamlCursor> fields() {
        if (!(node instanceof MappingNode mapping)) {
            error("must be a mapping (name: value)");
            return Map.of();
        }
        Map<String, YamlCursor> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlCursor key = new YamlCursor(file, tuple.getKeyNode(), path, errors);
            String k = key.scalar();
            if (k == null) continue;
            YamlCursor value = new YamlCursor(file, tuple.getValueNode(), child(k), errors);
            if (values.putIfAbsent(k, value) != null)
                new YamlCursor(file, tuple.getKeyNode(), child(k), errors).error("given twice");
        }
        return values;
    }

    public Map<String, String> stringMap(String name) {
        YamlCursor f = field(name);
        if (f == null) return Map.of();
        if (!(f.node instanceof MappingNode mapping)) {
            f.error("must be a mapping (name: value)");
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlCursor key = new YamlCursor(file, tuple.getKeyNode(), f.path, errors);
            String k = key.scalar();
            YamlCursor value = new YamlCursor(file, tuple.getValueNode(), f.path + "." + k, errors);
            String v = value.scalar();
            if (k != null && v != null) values.put(k, v);
        }
        return values;
    }
}
