package dev.verdict.client;

/**
 * An operational error the client handled on its own (it kept the last configuration, answered the fallback, or
 * dropped exposures) and reports to the {@link VerdictListener}.
 *
 * @param kind          what failed
 * @param experimentKey the experiment concerned, or null
 * @param message       what happened; never contains the API key
 * @param cause         the underlying exception, or null
 */
public record ClientError(Kind kind, String experimentKey, String message, Throwable cause) {

    /** What failed. */
    public enum Kind {
        /** Polling the configuration feed failed; the last known configuration stays in use. */
        CONFIG_FETCH,
        /** The feed (from the server or the bootstrap file) held an experiment that could not be compiled. */
        CONFIG_INVALID,
        /** The bootstrap file could not be read at start. */
        BOOTSTRAP_READ,
        /** The bootstrap file could not be written after a fetch. */
        BOOTSTRAP_WRITE,
        /** The server could not answer for a moved bucket: the fallback was returned. */
        SERVER_ASSIGN,
        /** {@code assign} named an experiment that is not in the feed (or there is no feed yet). */
        UNKNOWN_EXPERIMENT,
        /** A batch of exposures could not be delivered (it is retried a bounded number of times). */
        EXPOSURE_REPORT,
        /** The server refused reported exposures (per item, or the whole batch). */
        EXPOSURE_REJECTED,
        /** Exposures were dropped: the queue overflowed, retries ran out, or close() timed out. */
        EXPOSURES_DROPPED
    }
}
