package io.outrider.runbooks.catalog;

import io.outrider.infra.yaml.YamlError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The runbooks in force: those shipped with the module, then every {@code *.yml} / {@code *.yaml} of a configured
 * directory (a file there with a shipped runbook's id replaces it). A file with mistakes contributes nothing and
 * its errors are listed; two files of the directory with one id are an error.
 */
public final class RunbookCatalog {

    /** The runbooks shipped in this module, for the logistics core. */
    public static final List<String> SHIPPED =
            List.of("holiday-surge.yml", "slow-eta.yml", "pricing-errors.yml", "dispatch-cpu.yml", "rider-outage.yml");

    /** What was read: the runbooks by id, and every mistake. */
    public record Loaded(Map<String, Runbook> runbooks, List<YamlError> errors) {
        public Loaded {
            runbooks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runbooks));
            errors = List.copyOf(errors);
        }
    }

    private RunbookCatalog() {}

    public static Loaded load(@Nullable Path directory) {
        Map<String, Runbook> runbooks = new LinkedHashMap<>();
        List<YamlError> errors = new ArrayList<>();
        for (String name : SHIPPED) {
            RunbookFiles.Parsed parsed = RunbookFiles.parse("shipped/" + name, shipped(name));
            errors.addAll(parsed.errors());
            if (parsed.runbook() != null) runbooks.put(parsed.runbook().id(), parsed.runbook());
        }
        if (directory == null || !Files.isDirectory(directory)) return new Loaded(runbooks, errors);
        Map<String, String> fromDirectory = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList()) {
                String origin = file.toString();
                RunbookFiles.Parsed parsed;
                try {
                    parsed = RunbookFiles.parse(origin, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException | UncheckedIOException e) {
                    errors.add(new YamlError(origin, 0, "", "cannot be read: " + e.getMessage()));
                    continue;
                }
                errors.addAll(parsed.errors());
                Runbook runbook = parsed.runbook();
                if (runbook == null) continue;
                String earlier = fromDirectory.putIfAbsent(runbook.id(), origin);
                if (earlier != null) {
                    errors.add(new YamlError(origin, 1, "id", "runbook " + runbook.id() + " is also in " + earlier));
                    continue;
                }
                runbooks.put(runbook.id(), runbook);
            }
        } catch (IOException e) {
            errors.add(new YamlError(directory.toString(), 0, "", "cannot be listed: " + e.getMessage()));
        }
        return new Loaded(runbooks, errors);
    }

    private static String shipped(String name) {
        try (InputStream in = RunbookCatalog.class.getResourceAsStream("/io/outrider/runbooks/shipped/" + name)) {
            if (in == null) throw new IllegalStateException("shipped runbook missing from the jar: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
