package io.outrider.console.security;

import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. Pages sign in with a form (a session with CSRF protection); automation sends an API token.
 * Roles: viewer reads, responder acts on incidents, runs and silences, admin changes rules, runbooks and settings.
 * Open without sign-in: the sign-in page, static files, health and Prometheus metrics, the CAT router (CAT
 * clients ask it for their servers) and the chat endpoints (which verify the platform's signature instead).
 */
public final class ConsoleSecurity {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurity.class);
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private ConsoleSecurity() {}

    /** The people who sign in; a generated admin (its password logged once) when none are configured. */
    public static InMemoryUserDetailsManager users(ConsoleProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        PasswordEncoder hashes = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        for (ConsoleProperties.User user : properties.users()) {
            if (user.name() == null || user.name().isBlank())
                throw new IllegalArgumentException("outrider.console.users: a user has no name");
            String password = user.password() == null ? "" : user.password();
            if (password.startsWith("$2")) password = "{bcrypt}" + password;
            if (!password.startsWith("{"))
                throw new IllegalArgumentException("outrider.console.users: the password of " + user.name()
                        + " must be a hash such as {bcrypt}$2a$10$...; make one with: outrider console-password");
            Role role = user.role() == null ? Role.VIEWER : user.role();
            users.add(User.withUsername(user.name())
                    .password(password)
                    .authorities(role.authorities())
                    .build());
        }
        if (users.isEmpty()) {
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            users.add(User.withUsername("admin")
                    .password(hashes.encode(password))
                    .authorities(Role.ADMIN.authorities())
                    .build());
            log.warn(
                    "No console users configured (outrider.console.users): sign in as admin with password {} "
                            + "(generated at this start; see README.md, Configuration, to keep users)",
                    password);
        }
        return new InMemoryUserDetailsManager(users);
    }

    /** The filter chain: pages, API, open endpoints; without OpenID Connect. */
    public static SecurityFilterChain chain(HttpSecurity http, ApiTokens tokens) throws Exception {
        return chain(http, tokens, null, null);
    }

    /**
     * The filter chain: pages, API, open endpoints; sign-in with OpenID Connect too when client registrations are
     * configured.
     */
    public static SecurityFilterChain chain(
            HttpSecurity http,
            ApiTokens tokens,
            org.springframework.security.oauth2.client.registration.@Nullable ClientRegistrationRepository oidc,
            ConsoleProperties.@Nullable Oidc oidcSettings)
            throws Exception {
        if (oidc != null && oidcSettings != null)
            http.oauth2Login(o -> o.loginPage("/login")
                    .defaultSuccessUrl("/", false)
                    .userInfoEndpoint(u -> u.oidcUserService(new OidcUsers(oidcSettings))));
        RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
        RequestMatcher bearer = ApiTokens::bearer;
        http.addFilterBefore(tokens, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/login",
                                "/webjars/**",
                                "/console/**",
                                "/favicon.ico",
                                "/error",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/cat/s/router",
                                // chat platforms sign their requests; the endpoints check the signature
                                "/chat/**")
                        .permitAll()
                        .requestMatchers("/settings")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/**")
                        .hasRole("VIEWER")
                        // reads that are POSTs: what a runbook would change
                        .requestMatchers(HttpMethod.POST, "/api/runbooks/*/dry-run")
                        .hasRole("VIEWER")
                        .requestMatchers("/api/alert-rules/**", "/api/runbooks/reload", "/api/notifications/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .hasRole("RESPONDER"))
                .formLogin(
                        f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                // the console's scripts send the page's token as X-CSRF-TOKEN; API tokens need none
                .csrf(c -> c.ignoringRequestMatchers(
                        bearer, request -> request.getRequestURI().startsWith("/chat/")))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                (request, response, failure) -> json(
                                        response,
                                        HttpServletResponse.SC_UNAUTHORIZED,
                                        "sign in at /login, or send Authorization: Bearer TOKEN (outrider.console.api-tokens)"),
                                api)
                        .defaultAccessDeniedHandlerFor(
                                (request, response, denied) -> json(
                                        response,
                                        HttpServletResponse.SC_FORBIDDEN,
                                        "your role may not do this (" + request.getMethod() + " "
                                                + request.getRequestURI()
                                                + "); responders act on incidents, runs and silences, admins on rules"
                                                + " and runbooks; a missing CSRF token is refused too (reload the page)"),
                                api));
        return http.build();
    }

    private static void json(HttpServletResponse response, int status, String message) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(JSON.writeValueAsString(java.util.Map.of("error", message)));
    }
}
