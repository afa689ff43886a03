package io.outrider.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenID Connect provider for the console's sign-in test, speaking the authorization-code flow over HTTP: a user
 * is "signed in at the provider" ({@link #signInAs}), {@code /authorize} sends the browser back with a code at
 * once, {@code /token} answers an ID token signed with RS256 (its key at {@code /jwks}), {@code /userinfo} the
 * same claims. Only what the flow needs; no consent, no refresh tokens.
 */
final class TestOidcProvider implements AutoCloseable {

    static final String CLIENT_ID = "outrider";
    static final String CLIENT_SECRET = "outrider-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Grant(String user, List<String> groups, String nonce) {}

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private volatile Grant current = new Grant("nobody", List.of(), "");

    TestOidcProvider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext(
                "/jwks", e -> json(e, 200, JSON.writeValueAsString(new JWKSet(key.toPublicJWK()).toJSONObject())));
        server.createContext("/userinfo", this::userinfo);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Who the next browser to come to {@code /authorize} is, and their groups. */
    void signInAs(String user, List<String> groups) {
        current = new Grant(user, List.copyOf(groups), "");
    }

    /** The Spring Security client registration {@code test} pointing here. */
    Map<String, String> registration() {
        String prefix = "spring.security.oauth2.client.";
        Map<String, String> p = new HashMap<>();
        p.put(prefix + "registration.test.client-id", CLIENT_ID);
        p.put(prefix + "registration.test.client-secret", CLIENT_SECRET);
        p.put(prefix + "registration.test.client-name", "Test IdP");
        p.put(prefix + "registration.test.scope", "openid,profile");
        p.put(prefix + "registration.test.authorization-grant-type", "authorization_code");
        p.put(prefix + "registration.test.redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}");
        p.put(prefix + "registration.test.provider", "test");
        p.put(prefix + "provider.test.authorization-uri", issuer() + "/authorize");
        p.put(prefix + "provider.test.token-uri", issuer() + "/token");
        p.put(prefix + "provider.test.jwk-set-uri", issuer() + "/jwks");
        p.put(prefix + "provider.test.user-info-uri", issuer() + "/userinfo");
        p.put(prefix + "provider.test.user-name-attribute", "sub");
        return p;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id"))) {
            json(exchange, 400, "{\"error\":\"unauthorized_client\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        Grant who = current;
        codes.put(code, new Grant(who.user(), who.groups(), q.getOrDefault("nonce", "")));
        String back = q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Grant grant = codes.remove(body.getOrDefault("code", ""));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || grant == null) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            Instant now = Instant.now();
            SignedJWT idToken = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(issuer())
                            .subject("sub-" + grant.user())
                            .audience(CLIENT_ID)
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plusSeconds(300)))
                            .claim("nonce", grant.nonce())
                            .claim("preferred_username", grant.user())
                            .claim("groups", grant.groups())
                            .build());
            idToken.sign(new RSASSASigner(key));
            String access = UUID.randomUUID().toString();
            tokens.put(access, grant);
            json(
                    exchange,
                    200,
                    JSON.writeValueAsString(Map.of(
                            "access_token",
                            access,
                            "token_type",
                            "Bearer",
                            "expires_in",
                            300,
                            "scope",
                            "openid profile",
                            "id_token",
                            idToken.serialize())));
        } catch (com.nimbusds.jose.JOSEException e) {
            json(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        Grant grant = header == null ? null : tokens.get(header.replace("Bearer ", ""));
        if (grant == null) {
            json(exchange, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        json(
                exchange,
                200,
                JSON.writeValueAsString(Map.of(
                        "sub", "sub-" + grant.user(), "preferred_username", grant.user(), "groups", grant.groups())));
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0)
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
