package io.outrider.collector.cat.codec;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tree in NT1, the CAT client's binary codec, without the length prefix. Outrider uses NT1 as the format
 * of its normalized span records on Kafka: compact, already specified, and read back by {@link Nt1Decoder} at
 * millions of messages per second.
 */
public final class Nt1Encoder {

    private Nt1Encoder() {}

    public static byte[] encode(MessageTree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(new byte[] {'N', 'T', '1'});
        string(out, tree.domain());
        string(out, tree.hostName());
        string(out, tree.ipAddress());
        string(out, tree.threadGroupName());
        string(out, tree.threadId());
        string(out, tree.threadName());
        string(out, tree.messageId());
        string(out, tree.parentMessageId() == null ? "" : tree.parentMessageId());
        string(out, tree.rootMessageId() == null ? "" : tree.rootMessageId());
        string(out, "");
        message(out, tree.root());
        return out.toByteArray();
    }

    private static void message(ByteArrayOutputStream out, Message message) {
        if (message.kind() == MessageKind.TRANSACTION) {
            out.write('t');
            varint(out, message.timestampMillis());
            string(out, message.type());
            string(out, message.name());
            for (Message child : message.children()) message(out, child);
            out.write('T');
            string(out, message.status());
            string(out, message.data());
            varint(out, message.durationMicros());
        } else {
            out.write(message.kind().wireId());
            varint(out, message.timestampMillis());
            string(out, message.type());
            string(out, message.name());
            string(out, message.status());
            string(out, message.data());
        }
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
