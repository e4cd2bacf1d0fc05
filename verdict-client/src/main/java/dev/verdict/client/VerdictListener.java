package dev.verdict.client;

/**
 * Receives the client's errors and events. Errors never reach the thread that calls {@code assign}; they come here.
 * Called on the client's scheduler thread, or on the calling thread for errors of {@code assign} itself (unknown
 * experiment, server unreachable for a moved bucket), so implementations must be fast and thread-safe. Exceptions
 * thrown by a listener are ignored.
 */
public interface VerdictListener {

    /** An operational error the client handled (see {@link ClientError.Kind}). */
    default void onError(ClientError error) {
    }

    /** A notable event (see {@link ClientEvent.Kind}). */
    default void onEvent(ClientEvent event) {
    }
}
