package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OutriderCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = OutriderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void versionNamesOutriderAndItsEngines() {
        int code = run("version");

        assertThat(code).isZero();
        assertThat(out.toString())
                .startsWith("outrider 0.1.0-SNAPSHOT")
                .contains("Elasticsearch  8.19.21 embedded, client 8.19.24")
                .contains("Kafka          4.2.1")
                .contains("Java           25");
    }

    @Test
    void helpListsTheCommands() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("server")
                .contains("logistics")
                .contains("version")
                .doesNotContain("logistics-service");
    }

    @Test
    void unknownCommandIsAUsageError() {
        int code = run("serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument").contains("serve");
    }

    @Test
    void serverOptionsBecomeApplicationSettings() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server)
                .parseArgs(
                        "--port",
                        "9090",
                        "--kafka",
                        "k1:9092",
                        "--elasticsearch",
                        "http://es:9200",
                        "--outrider.retention.days=3");

        assertThat(server.springArguments())
                .containsExactly(
                        "--server.port=9090",
                        "--outrider.elasticsearch.uris=http://es:9200",
                        "--outrider.kafka.bootstrap-servers=k1:9092",
                        "--outrider.retention.days=3");
    }

    @Test
    void malformedSettingIsRefusedWithAHint() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs("--outrider.retention.days");

        assertThatThrownBy(server::springArguments)
                .hasMessageContaining("not a setting of the form --name=value: --outrider.retention.days");
    }
}
