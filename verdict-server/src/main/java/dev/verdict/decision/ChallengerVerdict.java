package dev.verdict.decision;

import org.jspecify.annotations.Nullable;

/**
 * The policy's judgement of one challenger against the champion.
 *
 * @param reason           {@link Reason#QUALIFIES} or the first rule the challenger fails
 * @param uplift           the stratified difference pT − pC, null when undefined
 * @param alwaysValidLower the running always-valid lower bound the decision used, null before the test started
 * @param sequentialPValue the running always-valid p-value of "uplift ≤ 0", adjusted for the challengers
 */
public record ChallengerVerdict(String modelId, String variant, Reason reason, @Nullable Double uplift,
                                @Nullable Double alwaysValidLower, @Nullable Double sequentialPValue) {

    /** Why a challenger does or does not qualify, in the order the rules are checked. */
    public enum Reason {
        QUALIFIES, TOO_EARLY, INSUFFICIENT_DATA, SRM_MISMATCH, NOT_SIGNIFICANT, BELOW_THRESHOLD
    }
}
