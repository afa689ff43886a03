package io.outrider.logistics.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The control token every operational API of the logistics core asks for, as {@code Authorization: Bearer <token>}. */
public record BearerToken(String token) {

    public BearerToken {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("control token is blank");
    }

    /** Throws a 401 unless the request carries this token (compared in constant time). */
    public void check(Request request) {
        String authorization = request.header("Authorization");
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (authorization == null || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(401, "missing or wrong bearer token (Authorization: Bearer <control token>)");
        }
    }
}
