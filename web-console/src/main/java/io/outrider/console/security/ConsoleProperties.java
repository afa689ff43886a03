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
 * @param oidc how people signing in with an OpenID Connect provider get their name and role
 * @param maxBody the largest request body the HTTP port takes (forms, chat callbacks, API calls); larger ones are
 *     refused with 413 before they are read
 */
@ConfigurationProperties("outrider.console")
public record ConsoleProperties(
        @DefaultValue List<User> users,
        @DefaultValue List<ApiToken> apiTokens,
        @DefaultValue Oidc oidc,
        @DefaultValue("4MB") org.springframework.util.unit.DataSize maxBody) {

    /**
     * Sign-in with an OpenID Connect provider (configured as a Spring Security client registration,
     * {@code spring.security.oauth2.client.registration.<id>.*}): the user's name and role come from the ID token.
     *
     * @param nameClaim the claim that names the user in timelines and the audit (falls back to {@code sub})
     * @param roleClaim the claim listing the user's groups
     * @param roles which group gives which role (the highest wins), e.g. {@code oncall: responder}
     * @param defaultRole the role of a user in none of those groups: viewer, responder, admin, or none to refuse
     *     them
     */
    public record Oidc(
            @DefaultValue("preferred_username") String nameClaim,
            @DefaultValue("groups") String roleClaim,
            @DefaultValue java.util.Map<String, Role> roles,
            @DefaultValue("viewer") String defaultRole) {

        public Oidc {
            roles = java.util.Map.copyOf(roles);
            if (!defaultRole.isBlank() && !defaultRole.equalsIgnoreCase("none")) Role.parse(defaultRole);
        }

        /** The role of a user in these groups, or null when they may not sign in. */
        public @Nullable Role role(java.util.Collection<String> groups) {
            Role best = null;
            for (String group : groups) {
                Role role = roles.get(group);
                if (role != null && (best == null || role.compareTo(best) > 0)) best = role;
            }
            if (best != null) return best;
            if (defaultRole.isBlank() || defaultRole.equalsIgnoreCase("none")) return null;
            return Role.parse(defaultRole);
        }
    }

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

    /** Users and tokens, with the default OpenID Connect mapping. */
    public static ConsoleProperties of(List<User> users, List<ApiToken> apiTokens) {
        return new ConsoleProperties(
                users,
                apiTokens,
                new Oidc("preferred_username", "groups", java.util.Map.of(), "viewer"),
                org.springframework.util.unit.DataSize.ofMegabytes(4));
    }
}
