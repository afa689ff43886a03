package io.outrider.server;

import picocli.CommandLine;

/** Entry point of the {@code outrider} command. */
public final class OutriderMain {

    private OutriderMain() {}

    public static void main(String[] args) {
        CommandLine cli = OutriderCommand.commandLine();
        int code = cli.execute(args);
        CommandLine.ParseResult parsed = cli.getParseResult();
        boolean serving = code == 0
                && parsed != null
                && parsed.subcommand() != null
                && parsed.subcommand().commandSpec().userObject() instanceof LongRunning;
        // a running server keeps the JVM alive and stops on SIGTERM; every other command ends here
        if (!serving) System.exit(code);
    }
}
