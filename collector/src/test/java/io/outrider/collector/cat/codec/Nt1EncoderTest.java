package io.outrider.collector.cat.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.MessageTree;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Nt1EncoderTest {

    private final CatFrameDecoder decoder = new CatFrameDecoder(DecodeLimits.DEFAULT);

    @Test
    void encodesTheReferenceVectorsByteForByte() throws Exception {
        for (var vector : CatVectorsTest.syntheticVectors().entrySet()) {
            if (!vector.getKey().endsWith("_NT1")) continue;
            ByteBuffer body = CatVectorsTest.body(vector.getValue());
            byte[] expected = new byte[body.remaining()];
            body.duplicate().get(expected);

            assertThat(Nt1Encoder.encode(decoder.decode(body)))
                    .as(vector.getKey())
                    .isEqualTo(expected);
        }
    }

    @Test
    void realFramesSurviveARoundTrip() throws Exception {
        for (String name :
                new String[] {"run25_frame0001.bin", "run25_frame0002.bin", "run25_frame0003.bin", "run25_frame0004.bin"
                }) {
            MessageTree tree = decoder.decode(CatVectorsTest.body(CatVectorsTest.resource(name)));

            assertThat(decoder.decode(ByteBuffer.wrap(Nt1Encoder.encode(tree))))
                    .as(name)
                    .isEqualTo(tree);
        }
    }
}
