package io.outrider.server;

import io.outrider.infra.Versions;
import java.io.PrintWriter;
import org.springframework.boot.SpringBootVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code outrider}: the platform's command line. */
@Command(
        name = "outrider",
        mixinStandardHelpOptions = true,
        versionProvider = OutriderCommand.VersionText.class,
        description = "AIOps monitoring and incident platform for instant-logistics dispatch services.",
        subcommands = {
            DemoCommand.class,
            ServerCommand.class,
            LogisticsCommand.class,
            DrillCommand.class,
            LogisticsCommand.LogisticsServiceCommand.class,
            DetectCommand.class,
            RcaCommand.class,
            ConsoleCredentialsCommand.Password.class,
            ConsoleCredentialsCommand.Token.class,
            OutriderCommand.VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class OutriderCommand implements Runnable {

    @CommandLine.Spec // injected by picocli (NullAway is told so in the root pom)
    CommandLine.Model.CommandSpec spec;

    /** The command line with Outrider's error handling: usage errors exit 2, failures 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new OutriderCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    cli.getErr().println(cli.getColorScheme().errorText("outrider: " + e.getMessage()));
                    return 1;
                });
    }

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code outrider version}. */
    @Command(name = "version", description = "Print the versions of Outrider and of the engines it runs.")
    static final class VersionCommand implements Runnable {

        @CommandLine.Spec // injected by picocli (NullAway is told so in the root pom)
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (String line : new VersionText().getVersion()) out.println(line);
            out.flush();
        }
    }

    /** The version text shared by {@code outrider version} and {@code outrider --version}. */
    static final class VersionText implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Versions versions = Versions.current();
            return new String[] {
                "outrider " + versions.outrider(),
                "  Java           " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                "  Spring Boot    " + SpringBootVersion.getVersion(),
                "  Elasticsearch  " + versions.elasticsearch() + " embedded, client " + versions.elasticsearchClient(),
                "  Kafka          " + versions.kafka()
            };
        }
    }
}
