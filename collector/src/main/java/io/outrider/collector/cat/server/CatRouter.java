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
        return new java.util.LinkedHashMap<>(Map.of(
                "routers", routers(collectors),
                "block", "false",
                "sample", "1.0",
                "startTransactionTypes", "",
                "matchTransactionTypes", ""));
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
