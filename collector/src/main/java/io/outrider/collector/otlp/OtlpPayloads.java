package io.outrider.collector.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The wire side of OTLP/HTTP: content types ({@code application/x-protobuf}, {@code application/json}), gzip with a
 * cap on the inflated size, the JSON mapping's hex trace and span ids, and the response and error bodies
 * ({@code google.rpc.Status}) in the request's encoding. Unknown JSON fields are ignored, as the OTLP specification
 * requires of receivers.
 */
public final class OtlpPayloads {

    public enum Format {
        PROTOBUF("application/x-protobuf"),
        JSON("application/json");

        public final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    /** Fields the OTLP JSON mapping writes as hex rather than protobuf JSON's base64. */
    private static final Set<String> HEX_IDS = Set.of("traceId", "spanId", "parentSpanId");

    private OtlpPayloads() {}

    public static Format format(@Nullable String contentType) {
        String type =
                contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> Format.PROTOBUF;
            case "application/json" -> Format.JSON;
            default ->
                throw new OtlpRejection(
                        415, "Content-Type must be application/x-protobuf or application/json, not '" + type + "'");
        };
    }

    /** The body, inflated when gzip; over {@code maxBytes} inflated is refused with 413. */
    public static byte[] inflate(byte[] body, @Nullable String contentEncoding, int maxBytes) {
        String encoding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(java.util.Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) return body;
        if (!encoding.equals("gzip"))
            throw new OtlpRejection(415, "Content-Encoding must be gzip or none, not '" + encoding + "'");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 4 + 64));
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxBytes)
                    throw new OtlpRejection(413, "the body inflates to more than " + maxBytes + " bytes");
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new OtlpRejection(400, "the body is not valid gzip: " + e.getMessage());
        }
    }

    public static ExportTraceServiceRequest traces(byte[] body, Format format) {
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        parse(body, format, builder, "ExportTraceServiceRequest");
        return builder.build();
    }

    public static ExportMetricsServiceRequest metrics(byte[] body, Format format) {
        ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
        parse(body, format, builder, "ExportMetricsServiceRequest");
        return builder.build();
    }

    private static void parse(byte[] body, Format format, Message.Builder builder, String what) {
        try {
            if (format == Format.PROTOBUF) {
                builder.mergeFrom(body);
            } else {
                JsonNode tree = JSON.readTree(body);
                if (tree == null || !tree.isObject()) throw new OtlpRejection(400, "the body is not a JSON object");
                hexIdsToBase64(tree);
                JSON_PARSER.merge(JSON.writeValueAsString(tree), builder);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new OtlpRejection(400, "the body is not a valid " + what + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new OtlpRejection(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode child : node) hexIdsToBase64(child);
        } else if (node instanceof ObjectNode object) {
            Map<String, String> ids = new java.util.HashMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (HEX_IDS.contains(field.getKey()) && value.isString()) {
                    ids.put(field.getKey(), base64(field.getKey(), value.asString()));
                } else {
                    hexIdsToBase64(value);
                }
            }
            ids.forEach((key, base64) -> object.set(key, StringNode.valueOf(base64)));
        }
    }

    private static String base64(String field, String hex) {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new OtlpRejection(400, field + " must be hex digits: '" + hex + "'");
        }
    }

    /** A response message in the request's encoding. */
    public static byte[] encode(Message response, Format format) {
        if (format == Format.PROTOBUF) return response.toByteArray();
        try {
            return JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code google.rpc.Status} with {@code code} (gRPC code) and {@code message}, in the request's encoding. */
    public static byte[] status(int grpcCode, String message, Format format) {
        if (format == Format.JSON) {
            ObjectNode status = JSON.createObjectNode();
            status.put("code", grpcCode);
            status.put("message", message);
            return JSON.writeValueAsBytes(status);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, grpcCode);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
