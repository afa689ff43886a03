package io.outrider.collector.cat.codec;

/** A frame that cannot be decoded; the message says what is wrong and where, for the dead-letter record. */
public final class MalformedFrameException extends Exception {

    public MalformedFrameException(String reason) {
        super(reason);
    }
}
