package dev.verdict.decision;

import java.time.Instant;
import java.util.List;

/**
 * Everything {@link PromotionPolicy} needs about one experiment: its settings and its current evidence.
 *
 * @param phaseStartedAt   when the current phase started; null means it has not started
 * @param promoteThreshold the uplift pT − pC a challenger must be proven to exceed, in (0, 1]
 * @param srmMismatch      whether the sample-ratio test flagged the phase's traffic split
 * @param championSamples  units of the champion's arm
 */
public record PolicyInput(Instant phaseStartedAt, int promoteAfterDays, double promoteThreshold, long minSamples,
                          boolean srmMismatch, long championSamples, List<ChallengerEvidence> challengers) {

    public PolicyInput {
        if (promoteAfterDays < 0) {
            throw new IllegalArgumentException("promoteAfterDays must not be negative, got " + promoteAfterDays);
        }
        if (!(promoteThreshold > 0 && promoteThreshold <= 1)) {
            throw new IllegalArgumentException("promoteThreshold must be in (0, 1], got " + promoteThreshold);
        }
        if (minSamples < 0 || championSamples < 0) {
            throw new IllegalArgumentException("minSamples and championSamples must not be negative");
        }
        if (challengers == null || challengers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("challengers must be a list without nulls");
        }
        challengers = List.copyOf(challengers);
    }
}
