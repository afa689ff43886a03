package io.outrider.core.trace;

/** The kinds of message in a tree, with the id byte CAT's wire format gives them. */
public enum MessageKind {
    TRANSACTION('t'),
    EVENT('E'),
    METRIC('M'),
    HEARTBEAT('H'),
    TRACE('L');

    private final char wireId;

    MessageKind(char wireId) {
        this.wireId = wireId;
    }

    /** The byte that starts this kind in NT1 and PT1 ({@code t} for a transaction's start). */
    public char wireId() {
        return wireId;
    }
}
