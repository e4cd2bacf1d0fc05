package dev.verdict.common;

/** A write could not be confirmed (shutting down, or the commit took too long): its outcome is unknown. */
public class WriteUnavailableException extends RuntimeException {

    public WriteUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
