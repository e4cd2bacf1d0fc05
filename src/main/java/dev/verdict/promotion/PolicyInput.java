package dev.verdict.promotion;

import java.time.Instant;
import java.util.List;

/**
 * Everything {@link PromotionPolicy} needs about one experiment: its settings and its current counts.
 *
 * @param phaseStartedAt   when the current champion/challenger phase started; null means it has not started
 * @param promoteThreshold the minimal uplift pT − pC worth promoting, in (0, 1]; also the mSPRT mixing τ
 * @param alpha            the family-wise false-promotion rate, in (0, 1)
 * @param srmMismatch      whether a sample-ratio-mismatch check flagged the experiment's traffic split
 */
public record PolicyInput(Instant phaseStartedAt, int promoteAfterDays, double promoteThreshold, long minSamples,
                          double alpha, boolean srmMismatch, ArmCounts champion, List<ChallengerCounts> challengers) {

    public PolicyInput {
        if (promoteAfterDays < 0) {
            throw new IllegalArgumentException("promoteAfterDays must not be negative, got " + promoteAfterDays);
        }
        // τ = promoteThreshold must be positive for the mSPRT; a zero threshold would make Λ ≡ 1 and never promote.
        if (!(promoteThreshold > 0 && promoteThreshold <= 1)) {
            throw new IllegalArgumentException("promoteThreshold must be in (0, 1], got " + promoteThreshold);
        }
        if (minSamples < 0) {
            throw new IllegalArgumentException("minSamples must not be negative, got " + minSamples);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (champion == null) {
            throw new IllegalArgumentException("champion counts must not be null");
        }
        if (challengers == null || challengers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("challengers must be a list without nulls");
        }
        challengers = List.copyOf(challengers);
    }

    static void requireCounts(String what, long samples, long conversions) {
        if (samples < 0 || conversions < 0 || conversions > samples) {
            throw new IllegalArgumentException(what + " counts must satisfy 0 <= conversions <= samples, got "
                    + conversions + " of " + samples);
        }
    }
}
