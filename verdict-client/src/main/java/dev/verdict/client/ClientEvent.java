package dev.verdict.client;

/**
 * Something worth knowing that is not an error, reported to the {@link VerdictListener}.
 *
 * @param kind    what happened
 * @param message details (for example the configuration revision)
 */
public record ClientEvent(Kind kind, String message) {

    /** What happened. */
    public enum Kind {
        /** A new configuration from the server was compiled and is now used. */
        CONFIG_UPDATED,
        /** The configuration of the bootstrap file (or the initial configuration) was compiled and is used. */
        CONFIG_FROM_BOOTSTRAP,
        /**
         * The server stored another variant for a customer than the client reported (a stale configuration, or two
         * concurrent requests straddling a change); results count the customer once, as a crossover.
         */
        CROSSOVER
    }
}
