package io.outrider.server;

import io.outrider.console.security.ApiTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code outrider console-password} and {@code outrider console-token}: what to put in {@code outrider.console.users}
 * and {@code outrider.console.api-tokens}, so that no password or token is ever written in the configuration.
 */
final class ConsoleCredentialsCommand {

    private ConsoleCredentialsCommand() {}

    /** Hashes a password (read from the terminal without echo, or from standard input) with bcrypt. */
    @Command(
            name = "console-password",
            mixinStandardHelpOptions = true,
            description = "Hash a console user's password for outrider.console.users[N].password (bcrypt). "
                    + "Reads it from the terminal without echoing, or from standard input.")
    static final class Password implements Runnable {

        @CommandLine.Spec // injected by picocli (NullAway is told so in the root pom)
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            String password;
            java.io.Console console = System.console();
            try {
                if (console != null) {
                    char[] typed = console.readPassword("Password: ");
                    char[] again = console.readPassword("Again: ");
                    if (typed == null || again == null || !new String(typed).equals(new String(again)))
                        throw new CommandLine.ParameterException(spec.commandLine(), "the two passwords differ");
                    password = new String(typed);
                } else {
                    String line =
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    password = line == null ? "" : line;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the password", e);
            }
            if (password.length() < 8)
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "the password is shorter than 8 characters");
            PrintWriter out = spec.commandLine().getOut();
            out.println("{bcrypt}" + new BCryptPasswordEncoder().encode(password));
            out.flush();
        }
    }

    /** Makes a random API token and prints it with the SHA-256 to configure. */
    @Command(
            name = "console-token",
            mixinStandardHelpOptions = true,
            description = "Make a random API token: give the token to the automation, configure its SHA-256 in "
                    + "outrider.console.api-tokens[N].sha256.")
    static final class Token implements Runnable {

        @CommandLine.Spec // injected by picocli (NullAway is told so in the root pom)
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PrintWriter out = spec.commandLine().getOut();
            out.println("token:  " + token);
            out.println("sha256: " + ApiTokens.sha256(token));
            out.flush();
        }
    }
}
