package io.outrider.collector.cat.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every vector of the CAT protocol reference decodes to the tree it describes. */
class CatVectorsTest {

    private static final long TS = 1728000000000L; // 2024-10-04T00:00:00Z
    private final CatFrameDecoder decoder = new CatFrameDecoder(DecodeLimits.DEFAULT);

    static Map<String, byte[]> syntheticVectors() {
        String text = new String(resource("synthetic_vectors.hex.txt"), StandardCharsets.US_ASCII);
        return text.lines()
                .filter(l -> l.contains("="))
                .collect(Collectors.toMap(
                        l -> l.substring(0, l.indexOf('=')),
                        l -> HexFormat.of()
                                .parseHex(l.substring(l.indexOf('=') + 1).strip())));
    }

    static byte[] resource(String name) {
        try (InputStream in = CatVectorsTest.class.getResourceAsStream("/cat-vectors/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource cat-vectors/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a length-prefixed frame, checking that the prefix matches. */
    static ByteBuffer body(byte[] frame) {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int length = buffer.getInt();
        assertThat(length).isEqualTo(frame.length - 4);
        return buffer.slice();
    }

    private MessageTree decode(byte[] frame) throws MalformedFrameException {
        return decoder.decode(body(frame));
    }

    @Test
    void v1IsASingleEvent() throws Exception {
        MessageTree tree = decode(syntheticVectors().get("V1_NT1"));

        assertThat(tree)
                .isEqualTo(new MessageTree(
                        "dispatch",
                        "host1",
                        "10.1.2.3",
                        "main",
                        "1",
                        "main",
                        "dispatch-0a010203-480000-0",
                        null,
                        null,
                        Message.leaf(MessageKind.EVENT, TS, "Order", "Created", "0", "k=v")));
        assertThat(tree.traceId()).isEqualTo("dispatch-0a010203-480000-0");
    }

    @Test
    void v2IsANestedTransactionLinkedToItsCaller() throws Exception {
        MessageTree tree = decode(syntheticVectors().get("V2_NT1"));

        assertThat(tree.parentMessageId()).isEqualTo("gateway-0a010201-480000-7");
        assertThat(tree.rootMessageId()).isEqualTo("gateway-0a010201-480000-5");
        assertThat(tree.traceId()).isEqualTo("gateway-0a010201-480000-5");
        assertThat(tree.root())
                .isEqualTo(Message.transaction(
                        TS,
                        "URL",
                        "/order",
                        "0",
                        "",
                        15000,
                        List.of(
                                Message.leaf(MessageKind.EVENT, TS + 1, "URL.Server", "10.1.2.3", "0", "ua=x"),
                                Message.transaction(TS + 2, "SQL", "select", "ERROR", "sql=select 1", 3500, List.of()),
                                Message.leaf(MessageKind.METRIC, TS + 10, "", "order.count", "C", "1"))));
    }

    @Test
    void v3IsAHeartbeatAndV4HasALongData() throws Exception {
        assertThat(decode(syntheticVectors().get("V3_NT1")).root())
                .isEqualTo(Message.leaf(MessageKind.HEARTBEAT, TS, "Heartbeat", "10.1.2.3", "0", "<status/>"));
        Message v4 = decode(syntheticVectors().get("V4_NT1")).root();
        assertThat(v4.data()).hasSize(200);
    }

    @Test
    void plainTextVectorsDecodeToTheSameTreesAsTheBinaryOnes() throws Exception {
        Map<String, byte[]> vectors = syntheticVectors();

        assertThat(decode(vectors.get("V1_PT1"))).isEqualTo(decode(vectors.get("V1_NT1")));
        assertThat(decode(vectors.get("V2_PT1"))).isEqualTo(decode(vectors.get("V2_NT1")));
    }

    @Test
    void aRealRequestTreeFromTheJava25Client() throws Exception {
        MessageTree tree = decode(resource("run25_frame0001.bin"));
        Message root = tree.root();

        assertThat(root.kind()).isEqualTo(MessageKind.TRANSACTION);
        assertThat(root.type()).isEqualTo("URL");
        assertThat(root.name()).isEqualTo("/api/dispatch/order/123");
        List<String> children = root.children().stream()
                .map(m -> m.kind().wireId() + " " + m.type())
                .toList();
        assertThat(children).contains("E URL.Server", "t SQL", "E RemoteCall", "E RuntimeException");
        Message remoteCall = root.children().stream()
                .filter(m -> m.type().equals("RemoteCall"))
                .findFirst()
                .orElseThrow();
        assertThat(remoteCall.data()).isEqualTo("rider-service-7f000001-498750-0");
        Message error = root.children().stream()
                .filter(m -> m.type().equals("RuntimeException"))
                .findFirst()
                .orElseThrow();
        assertThat(error.name()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.isSuccess()).isFalse();
        assertThat(root.children().stream().filter(m -> m.kind() == MessageKind.METRIC))
                .hasSize(5);
    }

    @Test
    void rebootHeartbeatAndMergeTreeFrames() throws Exception {
        Message reboot = decode(resource("run25_frame0002.bin")).root();
        assertThat(reboot.type() + "/" + reboot.name()).isEqualTo("System/Reboot");
        assertThat(reboot.children()).extracting(Message::type).containsExactly("Reboot");

        Message status = decode(resource("run25_frame0003.bin")).root();
        assertThat(status.type() + "/" + status.name()).isEqualTo("System/Status");
        Message heartbeat = status.children().stream()
                .filter(m -> m.kind() == MessageKind.HEARTBEAT)
                .findFirst()
                .orElseThrow();
        assertThat(heartbeat.data()).startsWith("<?xml").contains("<status");
        assertThat(status.children())
                .anyMatch(m -> m.type().equals("Heartbeat") && m.name().equals("jstack"));

        Message merged = decode(resource("run25_frame0004.bin")).root();
        assertThat(merged.type() + "/" + merged.name()).isEqualTo("System/_CatMergeTree");
        assertThat(merged.children())
                .containsExactly(
                        Message.leaf(
                                MessageKind.EVENT,
                                merged.children().get(0).timestampMillis(),
                                "Standalone",
                                "evt",
                                "0",
                                ""),
                        Message.leaf(
                                MessageKind.METRIC,
                                merged.children().get(1).timestampMillis(),
                                "",
                                "standalone.metric",
                                "C",
                                "1"));
    }
}
