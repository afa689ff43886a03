package io.outrider.server;

import io.outrider.logistics.LogisticsService;
import io.outrider.logistics.supervisor.LogisticsGroup;
import io.outrider.logistics.supervisor.LogisticsSupervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outrider logistics}: starts the logistics core Outrider ships with — five services, each its own JVM and
 * CAT domain, under a supervisor — and its city traffic. Stops them all on SIGTERM or Ctrl-C.
 */
@Command(
        name = "logistics",
        mixinStandardHelpOptions = true,
        description = {
            "Start the logistics core (order, dispatch, rider, eta, pricing services) and its city traffic.",
            "",
            "Services listen on 127.0.0.1 at base-port+1..+5, the supervisor API on the base port. They send CAT",
            "messages to --cat-servers (an Outrider server by default) and expose Prometheus /metrics."
        })
final class LogisticsCommand implements Callable<Integer>, LongRunning {

    @Option(
            names = "--base-port",
            defaultValue = "7070",
            description = "Supervisor API port; services use the next five (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(
            names = "--rate",
            defaultValue = "20",
            description =
                    "Orders per second at normal demand, before the daily profile and surges (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--sim-start",
            defaultValue = "11:30",
            description = "Simulated time of day at start (default ${DEFAULT-VALUE}, just before the lunch peak).")
    String simStart;

    @Option(
            names = "--profile",
            defaultValue = "daily",
            description =
                    "Demand over the day: daily (lunch and dinner peaks) or flat (the base rate); default ${DEFAULT-VALUE}.")
    String profile;

    @Option(
            names = "--time-scale",
            defaultValue = "60",
            description = "Simulated seconds per real second (default ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(
            names = "--riders-per-city",
            defaultValue = "600",
            description = "Fleet size per city (default ${DEFAULT-VALUE}).")
    int ridersPerCity;

    @Option(
            names = "--cities",
            defaultValue = "shanghai,beijing,shenzhen",
            description = "Cities served, largest first (default ${DEFAULT-VALUE}).")
    String cities;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", description = "Enable the fault-injection APIs (for drills).")
    boolean faults;

    @Option(
            names = "--cat-servers",
            defaultValue = "127.0.0.1:2280:8080",
            description =
                    "CAT collectors as host:tcpPort:httpPort, comma-separated; empty for none (default ${DEFAULT-VALUE}).")
    String catServers;

    @Option(
            names = "--control-token",
            defaultValue = "${env:LOGISTICS_CONTROL_TOKEN:-outrider-dev-token}",
            description = "Bearer token of the control and fault APIs (env LOGISTICS_CONTROL_TOKEN).")
    String controlToken;

    @Option(names = "--work-dir", description = "Logs and service files (default ~/.outrider/logistics).")
    Path workDir = Path.of(System.getProperty("user.home"), ".outrider", "logistics");

    @Override
    public Integer call() {
        System.setProperty("logback.configurationFile", LogisticsSupervisor.LOGGING);
        LogisticsSupervisor supervisor = new LogisticsSupervisor(LogisticsGroup.settings(groupArguments(), launcher()))
                .start(Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "stop-logistics"));
        System.out.printf(
                "Logistics core is running: supervisor API http://127.0.0.1:%d/services, order-service http://127.0.0.1:%d, logs in %s%n",
                basePort, basePort + 1, workDir.resolve("logs"));
        return 0;
    }

    String[] groupArguments() {
        return new String[] {
            "--rate=" + rate,
            "--sim-start=" + simStart,
            "--profile=" + profile,
            "--base-port=" + basePort,
            "--time-scale=" + timeScale,
            "--riders-per-city=" + ridersPerCity,
            "--cities=" + cities,
            "--seed=" + seed,
            "--faults-enabled=" + faults,
            "--cat-servers=" + catServers,
            "--control-token=" + controlToken,
            "--work-dir=" + workDir.toAbsolutePath()
        };
    }

    /** Services run from this very jar when packaged, else from the classpath. */
    static List<String> launcher() {
        String classpath = System.getProperty("java.class.path");
        if (!classpath.endsWith(".jar") || classpath.contains(java.io.File.pathSeparator))
            return LogisticsGroup.classpathLauncher();
        List<String> launcher = new ArrayList<>();
        launcher.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        launcher.addAll(LogisticsSupervisor.serviceJvmOptions());
        launcher.addAll(List.of("-jar", classpath, LogisticsServiceCommand.NAME));
        return launcher;
    }

    /** {@code outrider logistics-service --service=...}: one service; what the supervisor launches. Not for people. */
    @Command(
            name = LogisticsServiceCommand.NAME,
            hidden = true,
            description = "Run one logistics service (launched by outrider logistics).")
    static final class LogisticsServiceCommand implements Callable<Integer>, LongRunning {

        static final String NAME = "logistics-service";

        @picocli.CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            LogisticsService.main(args.toArray(String[]::new));
            return 0;
        }
    }
}
