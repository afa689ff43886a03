package io.outrider.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The {@code outrider} command line run in the test's JVM, what it prints captured. */
final class CommandRun {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs the command line with these arguments; returns its exit code. */
    int run(String... args) {
        CommandLine cli = OutriderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
