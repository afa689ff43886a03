package io.outrider.collector.otlp;

/** A request the receiver will not take, with the HTTP status and a message for the sender. */
public final class OtlpRejection extends RuntimeException {

    private final int httpStatus;

    public OtlpRejection(int httpStatus, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
    }

    /** The message for the sender (never null). */
    public String reason() {
        return java.util.Objects.requireNonNullElse(getMessage(), "refused");
    }

    public int httpStatus() {
        return httpStatus;
    }
}
