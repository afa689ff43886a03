package io.outrider.collector.cat.codec;

import io.outrider.core.trace.MessageTree;
import java.nio.ByteBuffer;

/** Decodes one frame body by its magic: {@code NT1} (Java client) or {@code PT1} (the other clients). */
public final class CatFrameDecoder {

    private final Nt1Decoder nt1;
    private final Pt1Decoder pt1;

    public CatFrameDecoder(DecodeLimits limits) {
        this.nt1 = new Nt1Decoder(limits);
        this.pt1 = new Pt1Decoder(limits);
    }

    public MessageTree decode(ByteBuffer body) throws MalformedFrameException {
        if (body.remaining() < 3)
            throw new MalformedFrameException("frame of " + body.remaining() + " bytes is too short for a codec magic");
        int p = body.position();
        if (body.get(p + 1) == 'T' && body.get(p + 2) == '1') {
            if (body.get(p) == 'N') return nt1.decode(body);
            if (body.get(p) == 'P') return pt1.decode(body);
        }
        throw new MalformedFrameException("unknown codec: frame starts with 0x"
                + Integer.toHexString(body.get(p) & 0xff) + Integer.toHexString(body.get(p + 1) & 0xff)
                + Integer.toHexString(body.get(p + 2) & 0xff) + ", expected NT1 or PT1");
    }
}
