package io.outrider.runbooks.action;

/** The control API of a service refused a change, answered something unexpected, or could not be reached. */
public final class ControlException extends Exception {

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
