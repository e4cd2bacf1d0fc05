package dev.verdict.decision;

import dev.verdict.decision.ChallengerVerdict.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a challenger replaces the champion. A challenger qualifies when, checked in this order: the phase
 * has run promoteAfterDays (24-hour days from phaseStartedAt); both arms have minSamples units; no sample-ratio
 * mismatch; its always-valid lower bound (level 1 − α/k over the k challengers, the running maximum over the phase)
 * is above 0; and that bound reaches promoteThreshold. So a challenger is promoted only once it is proven, by a test
 * that tolerates any number of looks, to be better than the champion by at least the threshold: P(promote a
 * challenger whose true uplift is below the threshold) ≤ α (docs/STATISTICS.md, simulation grid). Among qualifying
 * challengers the one with the largest bound wins, ties going to the first in list order. Stateless, thread-safe.
 */
public final class PromotionPolicy {

    public PromotionDecision evaluate(PolicyInput input, Instant now) {
        List<ChallengerVerdict> verdicts = new ArrayList<>(input.challengers().size());
        boolean phaseLongEnough = input.phaseStartedAt() != null
                && !now.isBefore(input.phaseStartedAt().plus(Duration.ofDays(input.promoteAfterDays())));
        ChallengerVerdict winner = null;
        for (ChallengerEvidence challenger : input.challengers()) {
            Double lower = challenger.alwaysValidLower();
            Reason reason;
            if (!phaseLongEnough) {
                reason = Reason.TOO_EARLY;
            } else if (challenger.samples() < input.minSamples() || input.championSamples() < input.minSamples()) {
                reason = Reason.INSUFFICIENT_DATA;
            } else if (input.srmMismatch()) {
                reason = Reason.SRM_MISMATCH;
            } else if (lower == null || !(lower > 0)) {
                reason = Reason.NOT_SIGNIFICANT;
            } else if (lower < input.promoteThreshold()) {
                reason = Reason.BELOW_THRESHOLD;
            } else {
                reason = Reason.QUALIFIES;
            }
            ChallengerVerdict verdict = new ChallengerVerdict(challenger.modelId(), challenger.variant(), reason,
                    challenger.uplift(), lower, challenger.sequentialPValue());
            verdicts.add(verdict);
            if (reason == Reason.QUALIFIES && (winner == null || lower > winner.alwaysValidLower())) {
                winner = verdict;
            }
        }
        return winner == null
                ? new PromotionDecision(false, null, null, verdicts)
                : new PromotionDecision(true, winner.modelId(), winner.variant(), verdicts);
    }
}
