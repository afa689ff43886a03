package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RcaCommandTest {

    @TempDir
    Path dir;

    private final CommandRun cli = new CommandRun();

    /** Ten minutes of three services at one sample a second; from 600 s on, orders' memory climbs. */
    private Path memoryLeak() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder("time,front-end_cpu,front-end_lat_90,orders_cpu,orders_mem,carts_cpu\n");
        for (int t = 0; t < 900; t++) {
            double leak = t < 600 ? 0 : (t - 600) * 2.0;
            csv.append(1_700_000_000 + t)
                    .append(',')
                    .append(0.4 + 0.05 * random.nextGaussian())
                    .append(',')
                    .append(80 + 10 * random.nextGaussian() + leak / 40)
                    .append(',')
                    .append(0.3 + 0.05 * random.nextGaussian())
                    .append(',')
                    .append(400 + 15 * random.nextGaussian() + leak)
                    .append(',')
                    .append(t == 700 ? "" : String.valueOf(0.2 + 0.04 * random.nextGaussian()))
                    .append('\n');
        }
        return Files.writeString(dir.resolve("leak.csv"), csv);
    }

    @Test
    void theServiceWhoseMemoryLeaksRanksFirstWithItsEvidence() throws Exception {
        int code = cli.run("rca", "--csv", memoryLeak().toString(), "--anomaly-start", "1700000600", "--top", "2");
        assertThat(code).as(cli.err.toString()).isZero();
        JsonNode ranking =
                JsonMapper.builder().build().readTree(cli.out.toString()).get("ranking");
        assertThat(ranking).hasSize(2);
        assertThat(ranking.get(0).get("service").asString()).isEqualTo("orders");
        assertThat(ranking.get(0).get("score").asDouble())
                .isGreaterThan(ranking.get(1).get("score").asDouble());
        JsonNode evidence = ranking.get(0).get("evidence").get(0);
        assertThat(evidence.get("series").asString()).isEqualTo("orders_mem");
        assertThat(evidence.get("since").asDouble()).isBetween(1_700_000_600.0, 1_700_000_700.0);
        assertThat(evidence.get("baseline").asDouble()).isBetween(390.0, 410.0);
    }

    @Test
    void badInputIsRefusedWithWhatToDo() throws Exception {
        Path file = memoryLeak();
        assertThat(cli.run("rca", "--csv", file.toString(), "--anomaly-start", "1600000000"))
                .isEqualTo(2);
        assertThat(cli.err.toString()).contains("is not inside the file");
        assertThat(cli.run("rca", "--csv", dir.resolve("missing.csv").toString(), "--anomaly-start", "1"))
                .isEqualTo(2);
        assertThat(cli.err.toString()).contains("no such file");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "time,a_cpu\n1,2\n2,x\n");
        assertThat(cli.run("rca", "--csv", bad.toString(), "--anomaly-start", "2"))
                .isEqualTo(2);
        assertThat(cli.err.toString()).contains("line 3, column a_cpu: 'x' is not a number");
    }
}
