package io.outrider.logistics.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one service process runs, parsed from {@code --key=value} arguments the supervisor passes.
 *
 * @param basePort the supervisor's port; service ports follow it ({@link ServiceName#port})
 * @param catServers CAT collectors as {@code host:tcpPort:httpPort}; empty disables CAT
 * @param controlToken bearer token of the control and fault APIs
 * @param faultsEnabled whether the fault-injection API accepts faults
 * @param seed seed of every random choice (rider behaviour, fleet placement, model training)
 * @param cities the cities served
 * @param ridersPerCity fleet size per city
 * @param workDir where the service keeps its files (CAT and Sentinel logs)
 * @param timeScale simulated seconds per real second: riders move and deliveries are timed at this pace
 */
public record ServiceConfig(
        ServiceName service,
        int basePort,
        List<String> catServers,
        String controlToken,
        boolean faultsEnabled,
        long seed,
        List<String> cities,
        int ridersPerCity,
        Path workDir,
        double timeScale) {

    public static final List<String> DEFAULT_CITIES = List.of("shanghai", "beijing", "shenzhen");

    public ServiceConfig {
        if (basePort < 1 || basePort > 65000)
            throw new IllegalArgumentException("basePort not in 1..65000: " + basePort);
        if (controlToken.isBlank()) throw new IllegalArgumentException("controlToken is blank");
        if (cities.isEmpty()) throw new IllegalArgumentException("no cities");
        if (ridersPerCity < 1) throw new IllegalArgumentException("ridersPerCity < 1: " + ridersPerCity);
        if (timeScale <= 0 || timeScale > 600)
            throw new IllegalArgumentException("timeScale not in (0, 600]: " + timeScale);
        catServers = List.copyOf(catServers);
        cities = List.copyOf(cities);
    }

    public int port() {
        return service.port(basePort);
    }

    public String baseUrl(ServiceName other) {
        return "http://127.0.0.1:" + other.port(basePort);
    }

    /** Parses {@code --service=order --base-port=7070 ...}; unknown keys are errors. */
    public static ServiceConfig parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) throw new IllegalArgumentException("expected --key=value, got " + arg);
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        ServiceConfig config = new ServiceConfig(
                ServiceName.of(required(values, "service")),
                Integer.parseInt(values.getOrDefault("base-port", "7070")),
                split(values.getOrDefault("cat-servers", "")),
                values.getOrDefault("control-token", "outrider-dev-token"),
                Boolean.parseBoolean(values.getOrDefault("faults-enabled", "false")),
                Long.parseLong(values.getOrDefault("seed", "42")),
                values.containsKey("cities") ? split(values.get("cities")) : DEFAULT_CITIES,
                Integer.parseInt(values.getOrDefault("riders-per-city", "600")),
                Path.of(values.getOrDefault("work-dir", System.getProperty("java.io.tmpdir") + "/outrider-logistics")),
                Double.parseDouble(values.getOrDefault("time-scale", "60")));
        values.keySet()
                .removeAll(List.of(
                        "service",
                        "base-port",
                        "cat-servers",
                        "control-token",
                        "faults-enabled",
                        "seed",
                        "cities",
                        "riders-per-city",
                        "work-dir",
                        "time-scale"));
        if (!values.isEmpty()) throw new IllegalArgumentException("unknown options: " + values.keySet());
        return config;
    }

    /** The arguments that {@link #parse} reads back, for launching a process. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add("--service=" + service.id());
        args.add("--base-port=" + basePort);
        args.add("--cat-servers=" + String.join(",", catServers));
        args.add("--control-token=" + controlToken);
        args.add("--faults-enabled=" + faultsEnabled);
        args.add("--seed=" + seed);
        args.add("--cities=" + String.join(",", cities));
        args.add("--riders-per-city=" + ridersPerCity);
        args.add("--work-dir=" + workDir);
        args.add("--time-scale=" + timeScale);
        return args;
    }

    public ServiceConfig forService(ServiceName other) {
        return new ServiceConfig(
                other,
                basePort,
                catServers,
                controlToken,
                faultsEnabled,
                seed,
                cities,
                ridersPerCity,
                workDir,
                timeScale);
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) throw new IllegalArgumentException("missing --" + key);
        return value;
    }

    private static List<String> split(String csv) {
        return csv.isBlank() ? List.of() : List.of(csv.split(","));
    }
}
