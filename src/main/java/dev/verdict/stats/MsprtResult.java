package dev.verdict.stats;

/**
 * The mixture sequential probability ratio of a two-proportion comparison.
 *
 * @param lambda           the likelihood ratio Λ, capped at {@link Double#MAX_VALUE}; null when undefined
 * @param sequentialPValue min(1, 1/Λ), always-valid under continuous monitoring; 1.0 when Λ is undefined
 * @param reason           null when Λ was computed, else {@link #EMPTY_ARM} or {@link #ZERO_VARIANCE}
 * @param logLambda        ln Λ, exact even where Λ itself would overflow; null when undefined
 */
public record MsprtResult(Double lambda, Double sequentialPValue, String reason, Double logLambda) {

    public static final String EMPTY_ARM = "EMPTY_ARM";
    public static final String ZERO_VARIANCE = "ZERO_VARIANCE";

    static MsprtResult undefined(String reason) {
        return new MsprtResult(null, 1.0, reason, null);
    }

    /** Whether Λ could be computed. */
    public boolean defined() {
        return reason == null;
    }
}
