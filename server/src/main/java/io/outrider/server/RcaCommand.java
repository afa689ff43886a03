package io.outrider.server;

import io.outrider.core.incident.RootCause;
import io.outrider.dedup.rca.Localizer;
import io.outrider.dedup.rca.MetricCsv;
import io.outrider.dedup.rca.ServiceSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code outrider rca --csv FILE --anomaly-start EPOCH_SECONDS}: ranks the services of a metrics file by how likely
 * each is the root cause of an anomaly that began at the given time, with the localization of incidents (without a
 * call graph), and prints {@code {"ranking":[{"service", "score", "evidence":[...]}]}}.
 */
@Command(
        name = "rca",
        mixinStandardHelpOptions = true,
        description = {
            "Rank the services of a metrics file by how likely each caused an anomaly, as incidents are localized.",
            "",
            "FILE has a 'time' column (epoch seconds) and one column per metric named <service>_<metric>, e.g.",
            "carts_cpu, orders_lat_99, front-end_mem. Prints JSON {\"ranking\":[{\"service\",\"score\",\"evidence\"}]}:",
            "score is the largest move of the service's series after the start, in robust units of its own past."
        })
final class RcaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The metrics.")
    Path csv;

    @Option(
            names = "--anomaly-start",
            required = true,
            paramLabel = "EPOCH_SECONDS",
            description = "When the anomaly began (epoch seconds).")
    double anomalyStart;

    @Option(
            names = "--top",
            defaultValue = "0",
            paramLabel = "N",
            description = "Print only the first N services (default: all).")
    int top;

    @Override
    public Integer call() throws IOException {
        if (top < 0) throw failure("--top must be 0 (all) or more");
        List<ServiceSeries> series;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            series = MetricCsv.read(reader, csv.toString());
        } catch (NoSuchFileException e) {
            throw failure("no such file: " + csv);
        } catch (IllegalArgumentException e) {
            throw failure(String.valueOf(e.getMessage()));
        }
        long start = Math.round(anomalyStart * 1000);
        if (series.isEmpty() || series.getFirst().times().length == 0) throw failure(csv + " has no rows");
        long first = series.getFirst().times()[0];
        long last = series.getFirst().times()[series.getFirst().times().length - 1];
        if (start <= first || start > last)
            throw failure("--anomaly-start " + (long) anomalyStart + " is not inside the file (" + first / 1000 + " .. "
                    + last / 1000 + "); the file needs rows before the start to learn what is normal");
        List<RootCause.Suspect> ranking = Localizer.rank(series, start, null);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("ranking");
        for (RootCause.Suspect suspect : top > 0 ? ranking.subList(0, Math.min(top, ranking.size())) : ranking) {
            ObjectNode s = list.addObject();
            s.put("service", suspect.service());
            s.put("score", round(suspect.score()));
            ArrayNode evidence = s.putArray("evidence");
            for (RootCause.Evidence e : suspect.evidence()) {
                ObjectNode item = evidence.addObject();
                item.put("series", e.series());
                item.put("deviation", round(e.deviation()));
                item.put("baseline", round(e.baseline()));
                item.put("observed", round(e.observed()));
                item.put("since", e.sinceMillis() / 1000.0);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        out.flush();
        return 0;
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e4) / 1e4 : 0;
    }

    private CommandLine.ParameterException failure(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
