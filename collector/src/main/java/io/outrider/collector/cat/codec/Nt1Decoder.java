package io.outrider.collector.cat.codec;

import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary codec of the Java CAT client 3.1.0 ({@code NativeMessageCodec}): a header of length-prefixed strings,
 * then the messages in pre-order with varint timestamps (epoch ms) and durations (µs). Strings must be valid UTF-8.
 * Not thread-safe (it reuses its UTF-8 decoder): one per connection or thread.
 */
public final class Nt1Decoder {

    private final DecodeLimits limits;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public Nt1Decoder(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Decodes the frame body (after the length prefix, starting with {@code NT1}). */
    public MessageTree decode(ByteBuffer body) throws MalformedFrameException {
        try {
            if (body.remaining() < 3 || body.get() != 'N' || body.get() != 'T' || body.get() != '1') {
                throw new MalformedFrameException("not an NT1 frame (no NT1 magic)");
            }
            String domain = string(body, "domain");
            String hostName = string(body, "hostName");
            String ip = string(body, "ipAddress");
            String threadGroup = string(body, "threadGroupName");
            String threadId = string(body, "threadId");
            String threadName = string(body, "threadName");
            String messageId = string(body, "messageId");
            String parentId = string(body, "parentMessageId");
            String rootId = string(body, "rootMessageId");
            string(body, "sessionToken");
            TreeBuilder tree = new TreeBuilder(limits);
            while (body.hasRemaining()) {
                byte id = body.get();
                switch (id) {
                    case 't' -> tree.start(varint(body, "timestamp"), string(body, "type"), string(body, "name"));
                    case 'T' -> tree.end(string(body, "status"), string(body, "data"), varint(body, "duration"));
                    case 'E' -> leaf(tree, MessageKind.EVENT, body);
                    case 'M' -> leaf(tree, MessageKind.METRIC, body);
                    case 'H' -> leaf(tree, MessageKind.HEARTBEAT, body);
                    case 'L' -> leaf(tree, MessageKind.TRACE, body);
                    default ->
                        throw new MalformedFrameException("unknown message id byte 0x" + Integer.toHexString(id & 0xff)
                                + " at offset " + (body.position() - 1));
                }
            }
            return new MessageTree(
                    domain,
                    hostName,
                    ip,
                    threadGroup,
                    threadId,
                    threadName,
                    messageId,
                    parentId,
                    rootId,
                    tree.finish());
        } catch (BufferUnderflowException e) {
            throw new MalformedFrameException("frame ends in the middle of a field (truncated)");
        }
    }

    private void leaf(TreeBuilder tree, MessageKind kind, ByteBuffer body) throws MalformedFrameException {
        tree.leaf(
                kind,
                varint(body, "timestamp"),
                string(body, "type"),
                string(body, "name"),
                string(body, "status"),
                string(body, "data"));
    }

    private String string(ByteBuffer body, String field) throws MalformedFrameException {
        long length = varint(body, field + " length");
        if (length == 0) return "";
        if (length < 0 || length > body.remaining()) {
            throw new MalformedFrameException(
                    field + " says " + Long.toUnsignedString(length) + " bytes, only " + body.remaining() + " left");
        }
        int end = body.position() + (int) length;
        ByteBuffer slice = body.slice(body.position(), (int) length);
        body.position(end);
        if (isAscii(slice)) return asciiString(slice);
        try {
            CharBuffer chars = utf8.reset().decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("invalid UTF-8 in " + field);
        }
    }

    private static boolean isAscii(ByteBuffer bytes) {
        for (int i = bytes.position(); i < bytes.limit(); i++) if (bytes.get(i) < 0) return false;
        return true;
    }

    private static String asciiString(ByteBuffer bytes) {
        if (bytes.hasArray())
            return new String(
                    bytes.array(),
                    bytes.arrayOffset() + bytes.position(),
                    bytes.remaining(),
                    StandardCharsets.ISO_8859_1);
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return new String(copy, StandardCharsets.ISO_8859_1);
    }

    /** Unsigned LEB128, at most 10 bytes (a 64-bit value). */
    static long varint(ByteBuffer body, String field) throws MalformedFrameException {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = body.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) return value;
        }
        throw new MalformedFrameException("varint of " + field + " longer than 10 bytes");
    }
}
