package dev.verdict.client;

/** Where an {@link AssignmentResult} came from. */
public enum AssignmentSource {

    /**
     * Decided in-process from the configuration feed: provably the server's answer, since every configuration
     * version that can still hold a live assignment maps the customer's bucket to this variant (or the experiment is
     * paused and the server answers the champion too). Reported to the server as an exposure.
     */
    LOCAL,

    /** The customer's bucket moved between live versions, so the server was asked (or its cached answer reused). */
    SERVER,

    /**
     * The documented fallback: the server could not answer for a moved bucket (the variant of the newest version's
     * layout), or the experiment key is unknown (the champion, no model). Not recorded anywhere.
     */
    FALLBACK
}
