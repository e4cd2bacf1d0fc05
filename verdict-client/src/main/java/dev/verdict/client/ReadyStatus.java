package dev.verdict.client;

/** What {@link VerdictClient#awaitReady} found. */
public enum ReadyStatus {

    /** The server delivered (or confirmed with a 304) the configuration the client assigns from. */
    READY_FROM_SERVER,

    /**
     * The client assigns from the bootstrap file (or an initial configuration) because the server has not answered
     * yet; it switches to the server's feed as soon as a poll succeeds.
     */
    READY_FROM_BOOTSTRAP,

    /** No configuration at all: every {@code assign} answers the fallback (the champion, no model). */
    NOT_READY
}
