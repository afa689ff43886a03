package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OutriderCommandTest {

    private final CommandRun cli = new CommandRun();

    @Test
    void versionNamesOutriderAndItsEngines() {
        int code = cli.run("version");

        assertThat(code).isZero();
        assertThat(cli.out.toString())
                .startsWith("outrider 0.1.0-SNAPSHOT")
                .contains("Elasticsearch  8.19.21 embedded, client 8.19.24")
                .contains("Kafka          4.2.1")
                .contains("Java           25");
    }

    @Test
    void helpListsTheCommands() {
        int code = cli.run("--help");

        assertThat(code).isZero();
        assertThat(cli.out.toString())
                .contains("demo")
                .contains("drill")
                .contains("server")
                .contains("logistics")
                .contains("version")
                .doesNotContain("logistics-service");
    }

    @Test
    void aDrillWithoutATokenSaysWhereToGetOne() {
        int code = cli.run("drill", "--home", "/nonexistent-outrider-home", "--scenario", "noise");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("no API token").contains("./outrider demo");
    }

    @Test
    void anUnknownScenarioNamesTheKnownOnes() {
        int code = cli.run("drill", "--token", "t", "--scenario", "meteor");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("no drill scenario meteor").contains("pricing-errors");
    }

    @Test
    void unknownCommandIsAUsageError() {
        int code = cli.run("serve");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err.toString()).contains("Unmatched argument").contains("serve");
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

    @Test
    void consoleTokenPrintsATokenAndTheHashToConfigure() {
        int code = cli.run("console-token");

        assertThat(code).isZero();
        String[] lines = cli.out.toString().strip().split("\\R");
        String token = lines[0].replace("token:", "").strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(lines[1]).isEqualTo("sha256: " + io.outrider.console.security.ApiTokens.sha256(token));
    }

    @Test
    void consolePasswordHashesWithBcryptAndRefusesShortOnes() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse\n".getBytes()));
            assertThat(cli.run("console-password")).isZero();
            String hash = cli.out.toString().strip();
            assertThat(hash).startsWith("{bcrypt}$2a$");
            assertThat(new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder()
                            .matches("correct horse", hash.substring("{bcrypt}".length())))
                    .isTrue();

            System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes()));
            assertThat(new CommandRun().run("console-password")).isNotZero();
        } finally {
            System.setIn(stdin);
        }
    }
}
