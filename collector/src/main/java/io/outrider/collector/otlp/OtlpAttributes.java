package io.outrider.collector.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reading OTLP attribute lists. */
final class OtlpAttributes {

    private OtlpAttributes() {}

    /** The attribute as text, or null when absent. */
    static @Nullable String get(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) if (kv.getKey().equals(key)) return text(kv.getValue());
        return null;
    }

    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> HexFormat.of().formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(OtlpAttributes::text)
                        .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE ->
                value.getKvlistValue().getValuesList().stream()
                        .map(kv -> kv.getKey() + "=" + text(kv.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
            default -> "";
        };
    }

    /** {@code k=v&k=v}, as CAT writes message data; at most {@code maxChars}. */
    static String data(List<KeyValue> attributes, int maxChars) {
        StringBuilder out = new StringBuilder();
        for (KeyValue kv : attributes) {
            if (!out.isEmpty()) out.append('&');
            out.append(kv.getKey()).append('=').append(text(kv.getValue()));
            if (out.length() >= maxChars) {
                out.setLength(maxChars);
                break;
            }
        }
        return out.toString();
    }
}
