package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {

    @TempDir
    Path dir;

    private final CommandRun cli = new CommandRun();

    @Test
    void everyRowIsScoredAndTheSpikeIsLabelled() throws Exception {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.of(2026, 11, 1, 0, 0);
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("ts,cpu\n");
        int spikeAt = 288 * 5 + 100;
        for (int i = 0; i < 288 * 6; i++) {
            double value =
                    50 + 20 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian() + (i == spikeAt ? 40 : 0);
            csv.append(start.plusMinutes(5L * i).format(format))
                    .append(',')
                    .append(value)
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("cpu.csv"), csv);

        int code = cli.run("detect", "--csv", file.toString(), "--timestamp-column", "ts", "--value-column", "cpu");

        assertThat(code).as(cli.err.toString()).isZero();
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("timestamp,value,anomaly_score,label");
        assertThat(lines).hasSize(288 * 6 + 1);
        String[] spike = lines.get(spikeAt + 1).split(",");
        assertThat(spike[3]).isEqualTo("1");
        long labelled = lines.stream().skip(1).filter(l -> l.endsWith(",1")).count();
        assertThat(labelled).as("rows labelled anomalous").isLessThan(20);
        assertThat(lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2])))
                .allMatch(s -> s >= 0 && s <= 1);
    }

    @Test
    void badInputIsRefusedNamingTheProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "timestamp,value\n2026-11-01 00:00:00,1\nyesterday,2\n");
        assertThat(cli.run("detect", "--csv", file.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("line 3").contains("yesterday");

        assertThat(cli.run("detect", "--csv", file.toString(), "--value-column", "cpu"))
                .isEqualTo(2);
        assertThat(cli.err.toString()).contains("no column 'cpu'").contains("--value-column");

        assertThat(cli.run("detect", "--csv", dir.resolve("missing.csv").toString()))
                .isEqualTo(2);
        assertThat(cli.err.toString()).contains("no such file");
    }
}
