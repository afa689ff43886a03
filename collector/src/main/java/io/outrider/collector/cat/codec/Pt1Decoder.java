package io.outrider.collector.cat.codec;

import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text codec of the non-Java CAT clients ({@code PlainTextMessageCodec}): a tab-separated header line, then one
 * line per record, timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS} in GMT+8, durations as {@code 123us}, and
 * {@code \t \r \n \\} escaped in text fields. A header field {@code null} means absent.
 */
public final class Pt1Decoder {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final ZoneOffset CAT_ZONE = ZoneOffset.ofHours(8);

    private final DecodeLimits limits;

    public Pt1Decoder(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Decodes the frame body (after the length prefix, starting with {@code PT1}). */
    public MessageTree decode(ByteBuffer body) throws MalformedFrameException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("invalid UTF-8 in a PT1 frame");
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) throw new MalformedFrameException("empty PT1 frame");
        List<String> header = fields(lines.getFirst());
        if (header.size() < 11 || !header.getFirst().equals("PT1")) {
            throw new MalformedFrameException(
                    "PT1 header needs 11 tab-separated fields starting with PT1, got " + header.size());
        }
        TreeBuilder tree = new TreeBuilder(limits);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) continue;
            record(tree, line.charAt(0), fields(line.substring(1)), i + 1);
        }
        return new MessageTree(
                header.get(1),
                header.get(2),
                header.get(3),
                header.get(4),
                header.get(5),
                header.get(6),
                header.get(7),
                header.get(8),
                header.get(9),
                tree.finish());
    }

    private static void record(TreeBuilder tree, char id, List<String> f, int lineNumber)
            throws MalformedFrameException {
        switch (id) {
            case 't' -> {
                need(f, 3, id, lineNumber);
                tree.start(timestamp(f.get(0), lineNumber), f.get(1), f.get(2));
            }
            case 'T' -> {
                need(f, 6, id, lineNumber);
                tree.end(f.get(3), f.get(5), micros(f.get(4), lineNumber));
            }
            case 'A' -> {
                need(f, 6, id, lineNumber);
                tree.atomic(
                        timestamp(f.get(0), lineNumber),
                        f.get(1),
                        f.get(2),
                        f.get(3),
                        f.get(5),
                        micros(f.get(4), lineNumber));
            }
            case 'E', 'M', 'H', 'L' -> {
                need(f, 5, id, lineNumber);
                MessageKind kind = switch (id) {
                    case 'E' -> MessageKind.EVENT;
                    case 'M' -> MessageKind.METRIC;
                    case 'H' -> MessageKind.HEARTBEAT;
                    default -> MessageKind.TRACE;
                };
                tree.leaf(kind, timestamp(f.get(0), lineNumber), f.get(1), f.get(2), f.get(3), f.get(4));
            }
            default -> throw new MalformedFrameException("unknown record '" + id + "' on line " + lineNumber);
        }
    }

    private static void need(List<String> fields, int count, char id, int lineNumber) throws MalformedFrameException {
        if (fields.size() < count)
            throw new MalformedFrameException(
                    "record '" + id + "' on line " + lineNumber + " has " + fields.size() + " fields, needs " + count);
    }

    /** Splits on tabs and unescapes each field; a trailing tab ends the record. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(current.toString());
                current.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                current.append(
                        switch (next) {
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case 'n' -> '\n';
                            default -> next;
                        });
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) fields.add(current.toString());
        return fields;
    }

    private static long timestamp(String text, int lineNumber) throws MalformedFrameException {
        try {
            return LocalDateTime.parse(text, TIMESTAMP).toInstant(CAT_ZONE).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedFrameException(
                    "timestamp '" + text + "' on line " + lineNumber + " is not yyyy-MM-dd HH:mm:ss.SSS");
        }
    }

    private static long micros(String text, int lineNumber) throws MalformedFrameException {
        String digits = text.endsWith("us") ? text.substring(0, text.length() - 2) : text;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("duration '" + text + "' on line " + lineNumber + " is not like 123us");
        }
    }
}
