package io.outrider.collector.cat.normalize;

import java.util.regex.Pattern;

/**
 * URL transaction names with fewer distinct values, as CAT's server makes them: the query string goes, and path
 * segments that are numbers (or long hex ids) become {@code {num}}, so {@code /orders/123} and {@code /orders/456}
 * are one endpoint.
 */
public final class UrlNames {

    private static final Pattern ID_SEGMENT = Pattern.compile("\\d+|[0-9a-fA-F]{16,}|[0-9a-fA-F-]{36}");

    private UrlNames() {}

    public static String normalize(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        if (path.indexOf('/') < 0) return path;
        StringBuilder out = new StringBuilder(path.length());
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            out.append(!segment.isEmpty() && ID_SEGMENT.matcher(segment).matches() ? "{num}" : segment);
            if (slash < 0) break;
            out.append('/');
            start = slash + 1;
        }
        return out.toString();
    }
}
