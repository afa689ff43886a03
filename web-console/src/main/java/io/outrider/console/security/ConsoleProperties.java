package io.outrider.console.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the console and the API ({@code outrider.console.*}).
 *
 * @param users people signing in with a form: name, password hash, role
 * @param apiTokens tokens of automation (scripts, Alertmanager, CI) sent as {@code Authorization: Bearer TOKEN}
 */
@ConfigurationProperties("outrider.console")
public record ConsoleProperties(
        @DefaultValue List<User> users, @DefaultValue List<ApiToken> apiTokens) {

    /**
     * One person.
     *
     * @param name the user name shown in timelines and the audit log
     * @param password the password hash with its algorithm, e.g. {@code {bcrypt}$2a$10$...} (a bare bcrypt hash is
     *     read as bcrypt); {@code outrider console-password} hashes one
     * @param role viewer, responder or admin
     */
    public record User(
            String name, String password, @Nullable Role role) {}

    /**
     * One automation token: only its SHA-256 is configured, so the configuration leaks nothing usable.
     *
     * @param name who uses it, e.g. {@code alertmanager}; the actor in timelines and the audit log
     * @param sha256 the SHA-256 of the token, hexadecimal
     * @param role viewer, responder or admin
     */
    public record ApiToken(
            String name, String sha256, @Nullable Role role) {}

    public ConsoleProperties {
        users = List.copyOf(users);
        apiTokens = List.copyOf(apiTokens);
    }
}
