package dev.verdict.promotion;

/**
 * The policy's judgement of one challenger against the champion.
 *
 * @param reason           {@link Reason#QUALIFIES} or the first rule the challenger fails
 * @param uplift           pT − pC, null when either arm has no samples
 * @param lambda           the mSPRT Λ (capped at Double.MAX_VALUE), null when undefined
 * @param sequentialPValue the always-valid p-value min(1, 1/Λ); 1.0 when Λ is undefined
 */
public record ChallengerVerdict(String modelId, String variant, Reason reason, Double uplift, Double lambda,
                                Double sequentialPValue) {

    /** Why a challenger does or does not qualify, in the order the rules are checked. */
    public enum Reason {
        QUALIFIES, TOO_EARLY, INSUFFICIENT_DATA, SRM_MISMATCH, BELOW_THRESHOLD, NOT_SIGNIFICANT
    }
}
