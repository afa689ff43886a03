package io.outrider.collector.cat.server;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answer of the router endpoint ({@code GET /cat/s/router}) that tells CAT clients which collectors to send to:
 * all five keys the client 3.1.0 reads (a missing one aborts its parsing), never blocking, never sampling.
 */
public final class CatRouter {

    private CatRouter() {}

    /**
     * The live collectors in the order one client should try them: the client connects to the first reachable
     * entry, so each (domain, ip) gets its own rotation of the same list, spreading clients evenly while every one
     * keeps all the others to fail over to. Stable for a client, so its periodic router polls see no change. The
     * rotation is chosen by a CRC-32 of the client: {@code String.hashCode} modulo 2 is only the parity of its odd
     * characters, which put all five logistics services of one host on the same one of two collectors.
     */
    public static List<String> spread(List<String> collectors, String domain, String ip) {
        if (collectors.size() < 2) return collectors;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update((domain + "|" + ip).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int start = (int) (crc.getValue() % collectors.size());
        List<String> rotated = new java.util.ArrayList<>(collectors.subList(start, collectors.size()));
        rotated.addAll(collectors.subList(0, start));
        return rotated;
    }

    /** {@code op=json}: {@code {"kvs":{"routers":"h1:2280;h2:2280;",...}}}. */
    public static Map<String, Object> json(List<String> collectors) {
        return Map.of("kvs", kvs(collectors));
    }

    /** {@code op=xml}: {@code <property-config><property id=".." value=".."/>...</property-config>}. */
    public static String xml(List<String> collectors) {
        return kvs(collectors).entrySet().stream()
                .map(e -> "<property id=\"" + e.getKey() + "\" value=\"" + escape(e.getValue()) + "\"/>")
                .collect(Collectors.joining(
                        "", "<?xml version=\"1.0\" encoding=\"utf-8\"?><property-config>", "</property-config>"));
    }

    /** {@code op=api}: the bare routers string. */
    public static String routers(List<String> collectors) {
        return collectors.stream().map(c -> c + ";").collect(Collectors.joining());
    }

    private static Map<String, String> kvs(List<String> collectors) {
        if (collectors.isEmpty()) throw new IllegalArgumentException("no collector to route CAT clients to");
        Map<String, String> kvs = new java.util.LinkedHashMap<>(); // routers first, as the real server writes them
        kvs.put("routers", routers(collectors));
        kvs.put("block", "false");
        kvs.put("sample", "1.0");
        kvs.put("startTransactionTypes", "");
        kvs.put("matchTransactionTypes", "");
        return kvs;
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
