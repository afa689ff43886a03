package io.outrider.console.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in automation by {@code Authorization: Bearer TOKEN}: the token's SHA-256 is looked up among the configured
 * ones, in constant time. A request with an unknown token is refused with 401 and a message; one without the header
 * goes on to the session (the console's sign-in).
 */
public final class ApiTokens extends OncePerRequestFilter {

    private final List<ConsoleProperties.ApiToken> tokens;

    public ApiTokens(List<ConsoleProperties.ApiToken> tokens) {
        for (ConsoleProperties.ApiToken token : tokens)
            if (!token.sha256().matches("[0-9a-fA-F]{64}"))
                throw new IllegalArgumentException("outrider.console.api-tokens: the sha256 of " + token.name()
                        + " is not 64 hexadecimal digits; make it with: printf %s TOKEN | sha256sum");
        this.tokens = List.copyOf(tokens);
    }

    /** The SHA-256 of a token, as configured. */
    public static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the request carries a token the way this filter reads it: {@code Authorization: Bearer …}. */
    public static boolean bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** The configured token this one is, or null. */
    ConsoleProperties.@Nullable ApiToken find(String token) {
        byte[] hash = sha256(token).getBytes(StandardCharsets.US_ASCII);
        ConsoleProperties.@Nullable ApiToken found = null;
        for (ConsoleProperties.ApiToken candidate : tokens) {
            byte[] known = candidate.sha256().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(hash, known)) found = candidate; // no early exit: constant time
        }
        return found;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!bearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        ConsoleProperties.@Nullable ApiToken token =
                find(request.getHeader("Authorization").substring(7).strip());
        if (token == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/json");
            response.getWriter()
                    .write("{\"error\":\"unknown API token; configure its SHA-256 in outrider.console.api-tokens\"}");
            return;
        }
        Role role = token.role() == null ? Role.VIEWER : token.role();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(token.name(), null, role.authorities());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
