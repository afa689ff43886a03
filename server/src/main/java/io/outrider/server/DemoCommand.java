package io.outrider.server;

import io.outrider.console.security.ApiTokens;
import io.outrider.drill.DrillReport;
import io.outrider.drill.DrillResult;
import io.outrider.drill.LiveSystem;
import io.outrider.drill.Scenario;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.logistics.supervisor.LogisticsGroup;
import io.outrider.logistics.supervisor.LogisticsSupervisor;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outrider demo}: the whole loop in one command — the server on embedded Elasticsearch and Kafka, the
 * logistics core with its traffic and fault APIs, a console user and an API token made for the session — and, on
 * request, a drill on a schedule. Ctrl-C stops everything it started.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start Outrider and the logistics core it watches, with traffic, in one command.",
            "",
            "Prints the console's address and a login made for this run; writes ~/.outrider/demo.env for",
            "`outrider drill`. With --drill-every, runs a drill scenario on a schedule (reports in ~/.outrider/drills)."
        })
final class DemoCommand implements Callable<Integer>, LongRunning {

    /** The file, under the home, with the demo's addresses and API token. */
    static final String ENV = "demo.env";

    @CommandLine.Spec // injected by picocli
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Console and API port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--logistics-port",
            defaultValue = "7070",
            description = "Logistics supervisor port; services on the next five (default ${DEFAULT-VALUE}).")
    int logisticsPort;

    @Option(names = "--rate", defaultValue = "20", description = "Orders per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--profile",
            defaultValue = "flat",
            description =
                    "Demand: flat (steady, a stable baseline for drills) or daily (lunch and dinner peaks); default ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--home", description = "Outrider home (default ~/.outrider).")
    Path home = Path.of(System.getProperty("user.home"), ".outrider");

    @Option(
            names = "--drill-every",
            paramLabel = "DURATION",
            description = "Run a drill this often, e.g. 30m (default: never).")
    @Nullable
    String drillEvery;

    @Option(
            names = "--drill-scenario",
            defaultValue = "all",
            description = "The scheduled drill's scenario, or all in turn (default ${DEFAULT-VALUE}).")
    String drillScenario;

    @Option(
            names = "--instances",
            defaultValue = "1",
            description = {
                "Outrider instances sharing the work (1-3, default ${DEFAULT-VALUE}): the others run as processes of",
                "their own on the next ports, are started again when they die, and can be killed by",
                "`outrider drill --kill-instance-after`."
            })
    int instances;

    @CommandLine.Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[25];
        random.nextBytes(secret);
        String password = HexFormat.of().formatHex(secret, 0, 9);
        String token = "demo-" + HexFormat.of().formatHex(secret, 9, 25);
        if (instances < 1 || instances > 3)
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--instances must be 1, 2 or 3 (one machine): " + instances);
        // what every instance is given; the first also scrapes the services' metrics (once is enough)
        List<String> shared = new ArrayList<>(List.of(
                "--outrider.console.users[0].name=demo",
                "--outrider.console.users[0].role=admin",
                "--outrider.console.users[0].password={bcrypt}" + new BCryptPasswordEncoder().encode(password),
                "--outrider.console.api-tokens[0].name=demo-drills",
                "--outrider.console.api-tokens[0].role=admin",
                "--outrider.console.api-tokens[0].sha256=" + ApiTokens.sha256(token),
                "--outrider.notify.console-url=http://127.0.0.1:" + port,
                "--outrider.alerts.rules-dir=" + home.toAbsolutePath().resolve("alert-rules")));
        List<String> args =
                new ArrayList<>(List.of("--server.port=" + port, "--outrider.home=" + home.toAbsolutePath()));
        for (int i = 0; i < 5; i++) {
            String url = "http://127.0.0.1:" + (logisticsPort + i + 1);
            // runbooks act on each service; its Prometheus metrics (the business KPIs) are scraped
            shared.add("--outrider.runbooks.targets." + SERVICES.get(i) + "=" + url);
            args.add("--outrider.collector.prometheus.targets[" + i + "].job=logistics");
            args.add("--outrider.collector.prometheus.targets[" + i + "].url=" + url + "/metrics");
            args.add("--outrider.collector.prometheus.targets[" + i + "].labels.service=" + SERVICES.get(i)
                    + "-service");
        }
        args.addAll(shared);
        args.addAll(settings);
        out.println("Starting Outrider (embedded Elasticsearch and Kafka under " + home + ")…");
        out.flush();
        ConfigurableApplicationContext server;
        try {
            server = SpringApplication.run(OutriderApplication.class, args.toArray(String[]::new));
        } catch (RuntimeException startFailed) {
            return 1; // Spring Boot has reported what failed and what to do
        }
        int catPort = server.getBean(io.outrider.collector.cat.server.CatTcpServer.class)
                .port();
        if (instances > 1) {
            out.println("Starting " + (instances - 1) + " more instance(s) on the same Elasticsearch and Kafka…");
            shared.add("--outrider.elasticsearch.uris="
                    + server.getBean(ElasticsearchConnection.class).uris().getFirst());
            shared.add("--outrider.kafka.bootstrap-servers="
                    + server.getBean(KafkaClientSettings.class).bootstrapServers());
            shared.addAll(settings);
            DemoInstances more = new DemoInstances(home, serverLauncher(), shared, out);
            Runtime.getRuntime().addShutdownHook(new Thread(more::close, "stop-instances"));
            for (int n = 2; n <= instances; n++) more.start(n, port + n - 1);
        }
        out.println("Starting the logistics core (five services, " + rate + " orders/s, faults enabled)…");
        out.flush();
        Path workDir = home.resolve("logistics");
        LogisticsSupervisor logistics = new LogisticsSupervisor(LogisticsGroup.settings(
                        new String[] {
                            "--rate=" + rate,
                            "--profile=" + profile,
                            "--base-port=" + logisticsPort,
                            "--faults-enabled=true",
                            "--cat-servers=127.0.0.1:" + catPort + ":" + port,
                            "--work-dir=" + workDir.toAbsolutePath()
                        },
                        LogisticsCommand.launcher()))
                .start(Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(logistics::close, "stop-logistics"));
        Files.writeString(
                home.resolve(ENV),
                "OUTRIDER_URL=http://127.0.0.1:" + port + "\nOUTRIDER_TOKEN=" + token
                        + "\nLOGISTICS_URL=http://127.0.0.1:" + logisticsPort + "\nOUTRIDER_OTHER_URLS="
                        + String.join(",", otherUrls())
                        + "\n");
        out.printf(
                "%nOutrider demo is running.%n  Console:   http://127.0.0.1:%d/  (sign in as demo / %s)%n"
                        + "  API token: %s  (also in %s)%n  Logistics: http://127.0.0.1:%d/services, logs in %s%n"
                        + "  A drill:   ./outrider drill --scenario pricing-errors%nCtrl-C stops everything.%n",
                port, password, token, home.resolve(ENV), logisticsPort, workDir.resolve("logs"));
        out.flush();
        if (drillEvery != null)
            schedule(
                    new LiveSystem(
                            URI.create("http://127.0.0.1:" + port),
                            token,
                            URI.create("http://127.0.0.1:" + logisticsPort),
                            "outrider-dev-token",
                            otherUrls().stream().map(URI::create).toList()),
                    DrillCommand.duration(drillEvery),
                    out);
        return 0;
    }

    private static final List<String> SERVICES = List.of("order", "dispatch", "rider", "eta", "pricing");

    /** The addresses of the further instances (none with one instance). */
    private List<String> otherUrls() {
        List<String> urls = new ArrayList<>();
        for (int n = 2; n <= instances; n++) urls.add("http://127.0.0.1:" + (port + n - 1));
        return urls;
    }

    /** How to run this program again in a process of its own: from its jar, or from the classes of a build. */
    private static List<String> serverLauncher() {
        String classpath = System.getProperty("java.class.path");
        List<String> launcher = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx768m"));
        if (classpath.endsWith(".jar") && !classpath.contains(java.io.File.pathSeparator))
            launcher.addAll(List.of("-jar", classpath));
        else launcher.addAll(List.of("-cp", classpath, OutriderMain.class.getName()));
        return launcher;
    }

    /** Drills on a schedule, on a daemon thread: each writes its report under the home's drills folder. */
    private void schedule(LiveSystem system, Duration every, PrintWriter out) {
        List<Scenario> turn = drillScenario.equals("all") ? Scenario.ALL : List.of(Scenario.named(drillScenario));
        Thread.ofPlatform().daemon().name("scheduled-drills").start(() -> {
            DateTimeFormatter stamp =
                    DateTimeFormatter.ofPattern("uuuuMMdd-HHmm").withZone(ZoneOffset.UTC);
            for (int n = 0; ; n++) {
                try {
                    Thread.sleep(every);
                    Scenario scenario = turn.get(n % turn.size());
                    List<DrillResult> results =
                            DrillCommand.run(system, List.of(scenario), out, Scenario.FAULT_FOR, null);
                    Path file = home.resolve("drills")
                            .resolve("drill-" + stamp.format(Instant.now()) + "-" + scenario.name() + ".md");
                    DrillReport.write(file, results, "outrider demo --drill-every " + drillEvery);
                    out.println("Drill report: " + file);
                    out.flush();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    out.println("Scheduled drill failed: " + e.getMessage());
                    out.flush();
                }
            }
        });
    }
}
