package dev.verdict.stats;

/** Stable reason codes carried by results whose numbers are null because the input cannot support them. */
public final class Reasons {

    /** A count is negative, a conversion count exceeds its trials, or a parameter is outside its domain. */
    public static final String INVALID_INPUT = "INVALID_INPUT";
    /** An arm has no trials yet. */
    public static final String EMPTY_ARM = "EMPTY_ARM";
    /** Every trial converted or none did, so the pooled variance is zero. */
    public static final String ZERO_VARIANCE = "ZERO_VARIANCE";
    /** The baseline rate is 0 or 1, where no effect can be detected. */
    public static final String BASELINE_DEGENERATE = "BASELINE_DEGENERATE";
    /** The minimum detectable effect is zero. */
    public static final String ZERO_EFFECT = "ZERO_EFFECT";
    /** Baseline plus effect is not strictly between 0 and 1. */
    public static final String P2_OUT_OF_RANGE = "P2_OUT_OF_RANGE";
    /** The required sample size does not fit in a long. */
    public static final String SAMPLE_SIZE_OVERFLOW = "SAMPLE_SIZE_OVERFLOW";

    private Reasons() {
    }

    static boolean invalidCounts(long n, long x) {
        return n < 0 || x < 0 || x > n;
    }

    static boolean validConfidence(double confidence) {
        return confidence > 0.0 && confidence < 1.0;
    }
}
