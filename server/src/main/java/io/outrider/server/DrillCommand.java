package io.outrider.server;

import io.outrider.drill.Disruption;
import io.outrider.drill.DrillReport;
import io.outrider.drill.DrillResult;
import io.outrider.drill.DrillRunner;
import io.outrider.drill.LiveSystem;
import io.outrider.drill.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outrider drill}: runs fault drills on the live system (a running server and logistics core with faults
 * enabled, as {@code outrider demo} starts them) and writes a report.
 */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        description = {
            "Run fault drills on the live system and measure Outrider's answer.",
            "",
            "Each scenario injects real faults through the logistics core's fault API, watches alerts, incidents,",
            "root cause, runbooks and the dispatch rate through the APIs, then takes everything back.",
            "Scenarios: slow-eta, pricing-errors, rider-down, dispatch-cpu, holiday-surge, two-faults, noise.",
            "Against `outrider demo` no option is needed: it writes its addresses and token to ~/.outrider/demo.env."
        })
final class DrillCommand implements Callable<Integer> {

    @CommandLine.Spec // injected by picocli
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "One scenario (default pricing-errors).")
    @Nullable
    String scenario;

    @Option(names = "--all", description = "Every scenario, one after the other.")
    boolean all;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "The Markdown report (default drill-report.md); .svg and .json beside it.")
    Path report = Path.of("drill-report.md");

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "Outrider (default from demo.env, else http://127.0.0.1:8080).")
    @Nullable
    String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "An API token with the responder role (default from demo.env or OUTRIDER_TOKEN).")
    @Nullable
    String token;

    @Option(
            names = "--logistics",
            paramLabel = "URL",
            description = "The logistics supervisor (default http://127.0.0.1:7070).")
    @Nullable
    String logistics;

    @Option(
            names = "--control-token",
            defaultValue = "${env:LOGISTICS_CONTROL_TOKEN:-outrider-dev-token}",
            description = "Bearer token of the logistics control and fault APIs.")
    String controlToken;

    @Option(
            names = "--fault-for",
            defaultValue = "4m",
            description = "How long each fault lasts (default ${DEFAULT-VALUE}).")
    String faultFor;

    @Option(names = "--home", description = "Where demo.env is (default ~/.outrider).")
    Path home = Path.of(System.getProperty("user.home"), ".outrider");

    @Option(
            names = "--kill-instance-after",
            paramLabel = "DURATION",
            description = {
                "Kill (SIGKILL) the second Outrider instance this long after each fault starts, e.g. 10s:",
                "the other must take its work over. Needs `outrider demo --instances 2`, which restarts it."
            })
    @Nullable
    String killInstanceAfter;

    @Override
    public Integer call() throws Exception {
        Properties demo = new Properties();
        Path env = home.resolve(DemoCommand.ENV);
        if (Files.exists(env))
            try (var in = Files.newBufferedReader(env)) {
                demo.load(in);
            }
        String tokenValue = token != null ? token : demo.getProperty("OUTRIDER_TOKEN", System.getenv("OUTRIDER_TOKEN"));
        if (tokenValue == null || tokenValue.isBlank())
            throw new IllegalArgumentException(
                    "no API token: pass --token (a responder token, ./outrider console-token) "
                            + "or start the system with ./outrider demo, which writes " + env);
        List<URI> others = new ArrayList<>();
        for (String url : (server != null ? "" : demo.getProperty("OUTRIDER_OTHER_URLS", "")).split(","))
            if (!url.isBlank()) others.add(URI.create(url.trim()));
        LiveSystem system = new LiveSystem(
                URI.create(server != null ? server : demo.getProperty("OUTRIDER_URL", "http://127.0.0.1:8080")),
                tokenValue,
                URI.create(logistics != null ? logistics : demo.getProperty("LOGISTICS_URL", "http://127.0.0.1:7070")),
                controlToken,
                others);
        List<Scenario> scenarios =
                all ? Scenario.ALL : List.of(Scenario.named(scenario != null ? scenario : "pricing-errors"));
        PrintWriter out = spec.commandLine().getOut();
        Disruption kill = killInstanceAfter == null
                ? null
                : new Disruption(duration(killInstanceAfter), () -> DemoInstances.kill(home, 2));
        List<DrillResult> results = run(system, scenarios, out, duration(faultFor), kill);
        DrillReport.write(
                report,
                results,
                "outrider "
                        + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        out.println(DrillReport.table(results));
        out.println(DrillReport.summary(results));
        out.println("Report: " + report.toAbsolutePath() + " (chart and JSON beside it)");
        out.flush();
        return results.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
    }

    static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    }

    /** Runs scenarios one after the other, with a pause between them for the system to settle. */
    static List<DrillResult> run(
            LiveSystem system,
            List<Scenario> scenarios,
            PrintWriter out,
            Duration faultFor,
            @Nullable Disruption disruption)
            throws InterruptedException, IOException {
        DrillRunner runner = new DrillRunner(system, out, Clock.systemUTC(), faultFor, disruption);
        List<DrillResult> results = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            out.printf(
                    "== drill %d of %d: %s — %s%n",
                    i + 1,
                    scenarios.size(),
                    scenarios.get(i).name(),
                    scenarios.get(i).description());
            out.flush();
            results.add(runner.run(scenarios.get(i)));
            if (i < scenarios.size() - 1) Thread.sleep(Duration.ofSeconds(30)); // alerts resolve, windows pass
        }
        return results;
    }
}
