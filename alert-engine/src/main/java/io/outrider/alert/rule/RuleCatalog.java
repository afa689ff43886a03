package io.outrider.alert.rule;

import io.outrider.infra.yaml.YamlError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * All the rules in force: the shipped defaults (a classpath resource), every {@code *.yml} / {@code *.yaml} file of
 * the rules directory, and the rules created through the API (kept as files in its {@code api/} folder, so that
 * they survive restarts and can be reviewed like the others). {@link #reload()} rereads what changed; a file with
 * errors keeps its last good version in force and its errors are shown until it is fixed. Across files, rule
 * names are unique and composites must name existing rules.
 */
public final class RuleCatalog {

    public static final String DEFAULTS = "io/outrider/alert/rule/logistics-core.yml";
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");

    private final @Nullable Path directory;
    /** The shipped rules' text, read once (it cannot change while running); null when they are not in force. */
    private final @Nullable String defaults;

    private final Map<String, Loaded> files = new TreeMap<>();
    private List<YamlError> crossErrors = List.of();
    private RuleSet current = RuleSet.EMPTY;

    /** One file: its text (to see changes), its last good rules, its errors now. */
    private record Loaded(String text, RuleSet good, List<YamlError> errors) {}

    /**
     * @param directory where rule files are read from (created if missing); null for none
     * @param defaults whether the shipped rules for the logistics core are in force
     */
    public RuleCatalog(@Nullable Path directory, boolean defaults) {
        this.directory = directory;
        this.defaults = defaults ? resource(DEFAULTS) : null;
    }

    /** Rereads the files; returns whether the rules in force changed. */
    public synchronized boolean reload() {
        Map<String, String> texts = new LinkedHashMap<>();
        if (defaults != null) texts.put("classpath:" + DEFAULTS, defaults);
        if (directory != null) {
            for (Path file : ruleFiles(directory)) texts.put(file.toString(), read(file));
            for (Path file : ruleFiles(directory.resolve("api"))) texts.put(file.toString(), read(file));
        }
        boolean changed = files.keySet().retainAll(texts.keySet());
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            Loaded previous = files.get(entry.getKey());
            if (previous != null && previous.text().equals(entry.getValue())) continue;
            RuleFiles.Parsed parsed = RuleFiles.parse(entry.getKey(), entry.getValue());
            RuleSet good = parsed.ok() ? parsed.ruleSet() : previous != null ? previous.good() : RuleSet.EMPTY;
            files.put(entry.getKey(), new Loaded(entry.getValue(), good, parsed.errors()));
            changed = true;
        }
        if (changed) combine();
        return changed;
    }

    private void combine() {
        List<YamlError> errors = new ArrayList<>();
        Map<String, Rule> byName = new LinkedHashMap<>();
        RuleSet all = RuleSet.EMPTY;
        for (Map.Entry<String, Loaded> file : files.entrySet()) {
            RuleSet set = file.getValue().good();
            List<Rule> kept = new ArrayList<>();
            for (Rule rule : set.rules()) {
                Rule first = byName.putIfAbsent(rule.name(), rule);
                if (first != null)
                    errors.add(error(
                            rule, "name", "a rule named " + rule.name() + " is already defined at " + first.origin()));
                else kept.add(rule);
            }
            all = all.plus(new RuleSet(kept, set.inhibitRules(), set.maintenanceWindows()));
        }
        List<Rule> rules = new ArrayList<>();
        for (Rule rule : all.rules()) {
            if (rule.condition() instanceof Rule.Composite composite) {
                Optional<String> missing = composite.all().stream()
                        .filter(name -> !byName.containsKey(name))
                        .findFirst();
                if (missing.isPresent()) {
                    errors.add(error(rule, "all", "no rule named " + missing.get()));
                    continue;
                }
                if (composite.all().contains(rule.name())) {
                    errors.add(error(rule, "all", "a composite cannot name itself"));
                    continue;
                }
            }
            rules.add(rule);
        }
        crossErrors = errors;
        current = new RuleSet(rules, all.inhibitRules(), all.maintenanceWindows());
    }

    private static YamlError error(Rule rule, String field, String message) {
        int colon = rule.origin().lastIndexOf(':');
        return new YamlError(
                rule.origin().substring(0, colon),
                Integer.parseInt(rule.origin().substring(colon + 1)),
                field,
                message);
    }

    public synchronized RuleSet current() {
        return current;
    }

    /** What is wrong in the rule files now (their last good versions stay in force). */
    public synchronized List<YamlError> errors() {
        List<YamlError> all = new ArrayList<>();
        files.values().forEach(f -> all.addAll(f.errors()));
        all.addAll(crossErrors);
        return all;
    }

    /**
     * Creates or replaces the API rule {@code name} from its YAML (or JSON) text; returns the errors, and changes
     * nothing when there are any.
     */
    public synchronized List<YamlError> put(String name, String text) {
        Path dir = apiDirectory();
        if (!API_NAME.matcher(name).matches())
            return List.of(new YamlError("api:" + name, 0, "name", "not a rule name"));
        RuleFiles.Parsed parsed = RuleFiles.parseRule("api:" + name, text);
        if (!parsed.ok()) return parsed.errors();
        Rule rule = parsed.ruleSet().rules().getFirst();
        if (!rule.name().equals(name))
            return List.of(
                    new YamlError("api:" + name, 1, "name", "the body names " + rule.name() + ", the path " + name));
        Rule existing = current.rules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElse(null);
        Path file = dir.resolve(name + ".yml");
        if (existing != null && !existing.origin().startsWith(file + ":"))
            return List.of(new YamlError(
                    "api:" + name, 1, "name", "already defined at " + existing.origin() + "; change it there"));
        String indented = text.strip()
                .lines()
                .map(line -> "    " + line)
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
        write(file, "# created through the API\nrules:\n  -\n" + indented + "\n");
        reload();
        return List.of();
    }

    /** Deletes an API rule; false when there is none of that name (file rules are changed in their files). */
    public synchronized boolean delete(String name) {
        if (!API_NAME.matcher(name).matches()) return false;
        Path file = apiDirectory().resolve(name + ".yml");
        try {
            if (!Files.deleteIfExists(file)) return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
        reload();
        return true;
    }

    /** Where a rule is defined, when it is. */
    public synchronized Optional<Rule> rule(String name) {
        return current.rules().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private Path apiDirectory() {
        if (directory == null) throw new IllegalStateException("no rules directory: set outrider.alerts.rules-dir");
        Path dir = directory.resolve("api");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    private static List<Path> ruleFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yml")
                            || p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The text of a file; a file that cannot be read reads as a YAML error that says why. */
    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "\"cannot read the file: " + e + "\": [";
        }
    }

    private static void write(Path file, String text) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(
                    temp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
