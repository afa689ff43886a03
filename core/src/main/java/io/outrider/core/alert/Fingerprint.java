package io.outrider.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's identity: the hash of its identifying labels, sorted by name, so that the same problem on the same
 * thing always has the same fingerprint whatever order the labels came in (and two instances of the engine agree).
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** 16 hex digits of SHA-256 over the sorted labels, each name and value length-prefixed. */
    public static String of(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(labels)
                // length-prefixed, so that no label can pass for another by moving characters across the boundary
                .forEach((name, value) -> text.append(name.length())
                        .append(':')
                        .append(name)
                        .append(value.length())
                        .append(':')
                        .append(value));
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
