package io.outrider.collector.cat.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bad input ends in a {@link MalformedFrameException} that says what is wrong, never in anything else. */
class MalformedFramesTest {

    private final CatFrameDecoder decoder = new CatFrameDecoder(DecodeLimits.DEFAULT);

    /** Decodes, accepting a tree or a MalformedFrameException; anything else fails the test. */
    private void decodeSafely(byte[] body) {
        try {
            decoder.decode(ByteBuffer.wrap(body));
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void randomBytesAndMutatedVectorsNeverEscapeAsAnotherException() {
        SplittableRandom random = new SplittableRandom(2026);
        List<byte[]> seeds = new ArrayList<>();
        CatVectorsTest.syntheticVectors()
                .values()
                .forEach(frame -> seeds.add(CatVectorsTest.body(frame).array()));
        for (int i = 0; i < 20_000; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = new byte[random.nextInt(300)];
                random.nextBytes(body);
                if (body.length > 3 && i % 4 == 0)
                    System.arraycopy("NT1".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 3);
            } else {
                byte[] seed = seeds.get(random.nextInt(seeds.size()));
                body = seed.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--)
                    body[4 + random.nextInt(body.length - 4)] = (byte) random.nextInt(256);
            }
            decodeSafely(body);
        }
    }

    @Test
    void everyTruncationOfAVectorIsReported() {
        // NT1 only: a PT1 frame cut after its last record's tab is still a whole tree
        for (byte[] frame : CatVectorsTest.syntheticVectors().entrySet().stream()
                .filter(e -> e.getKey().endsWith("_NT1"))
                .map(java.util.Map.Entry::getValue)
                .toList()) {
            ByteBuffer whole = CatVectorsTest.body(frame);
            for (int length = 0; length < whole.remaining(); length++) {
                byte[] truncated = new byte[length];
                whole.duplicate().get(truncated);
                assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(truncated)))
                        .isInstanceOf(MalformedFrameException.class);
            }
        }
    }

    @Test
    void nestingTenThousandDeepIsRefusedWithoutExhaustingTheStack() {
        ByteArrayOutputStream body = header();
        for (int i = 0; i < 10_000; i++) {
            body.write('t');
            body.write(1); // ts
            string(body, "T");
            string(body, "n");
        }
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(body.toByteArray())))
                .hasMessage("transactions nested deeper than 512");
    }

    @Test
    void unbalancedTransactionsAreReported() {
        ByteArrayOutputStream open = header();
        open.write('t');
        open.write(1);
        string(open, "URL");
        string(open, "/x");
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(open.toByteArray())))
                .hasMessage("1 transaction(s) not ended, innermost URL//x");

        ByteArrayOutputStream close = header();
        close.write('T');
        string(close, "0");
        string(close, "");
        close.write(0); // duration
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(close.toByteArray())))
                .hasMessage("transaction end without a start");
    }

    @Test
    void secondRootUnknownIdInvalidUtf8AndLyingLengthsAreNamed() {
        ByteArrayOutputStream twoRoots = header();
        event(twoRoots);
        event(twoRoots);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(twoRoots.toByteArray())))
                .hasMessageContaining("a second root message");

        ByteArrayOutputStream unknown = header();
        unknown.write('Z');
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(unknown.toByteArray())))
                .hasMessageContaining("unknown message id byte 0x5a");

        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes("NT1".getBytes(StandardCharsets.US_ASCII));
        badUtf8.write(2);
        badUtf8.write(0xc3);
        badUtf8.write(0x28);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(badUtf8.toByteArray())))
                .hasMessage("invalid UTF-8 in domain");

        ByteArrayOutputStream lying = new ByteArrayOutputStream();
        lying.writeBytes("NT1".getBytes(StandardCharsets.US_ASCII));
        lying.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}); // a length of 268 MB
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(lying.toByteArray())))
                .hasMessageContaining("domain says 268435455 bytes");

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap("XT9abc".getBytes(StandardCharsets.US_ASCII))))
                .hasMessageContaining("expected NT1 or PT1");
    }

    private static ByteArrayOutputStream header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("NT1".getBytes(StandardCharsets.US_ASCII));
        for (String field : List.of("d", "h", "1.2.3.4", "main", "1", "main", "d-01020304-1-0", "", "", ""))
            string(out, field);
        return out;
    }

    private static void event(ByteArrayOutputStream out) {
        out.write('E');
        out.write(1);
        for (String field : List.of("T", "n", "0", "")) string(out, field);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
