package dev.verdict.promotion;

import dev.verdict.promotion.ChallengerVerdict.Reason;
import dev.verdict.stats.Msprt;
import dev.verdict.stats.MsprtResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a challenger replaces the champion. A challenger qualifies when, checked in this order: the phase
 * has run promoteAfterDays (24-hour days from phaseStartedAt); both arms have minSamples customers; no sample ratio
 * mismatch; the observed uplift reaches promoteThreshold; and the mSPRT with τ = promoteThreshold gives θ̂ > 0 and
 * Λ ≥ k/α for k challengers (Bonferroni, so the family-wise false-promotion rate stays at α however often the policy
 * is evaluated). Among qualifying challengers the largest uplift wins, ties going to the first in list order.
 * Stateless and thread-safe.
 */
public final class PromotionPolicy {

    /**
     * The uplift comparison tolerates a relative 1e-9 of the threshold (plus 1e-15 absolute): 0.06 − 0.05 is
     * 0.009999999999999995 in binary floating point and must count as reaching a 0.01 threshold, while any uplift a
     * counter could actually produce below the threshold is far more than 1e-9 relative away from it.
     */
    private static final double RELATIVE_TOLERANCE = 1e-9;
    private static final double ABSOLUTE_TOLERANCE = 1e-15;

    public PromotionDecision evaluate(PolicyInput input, Instant now) {
        List<ChallengerCounts> challengers = input.challengers();
        List<ChallengerVerdict> verdicts = new ArrayList<>(challengers.size());
        if (challengers.isEmpty()) {
            return new PromotionDecision(false, null, null, verdicts);
        }
        boolean phaseLongEnough = input.phaseStartedAt() != null
                && !now.isBefore(input.phaseStartedAt().plus(Duration.ofDays(input.promoteAfterDays())));
        double logRequiredLambda = Math.log(challengers.size() / input.alpha());
        ArmCounts champion = input.champion();

        ChallengerVerdict winner = null;
        for (ChallengerCounts challenger : challengers) {
            Double uplift = challenger.samples() == 0 || champion.samples() == 0 ? null
                    : (double) challenger.conversions() / challenger.samples()
                            - (double) champion.conversions() / champion.samples();
            MsprtResult msprt = Msprt.twoProportions(challenger.samples(), challenger.conversions(),
                    champion.samples(), champion.conversions(), input.promoteThreshold());
            Reason reason;
            if (!phaseLongEnough) {
                reason = Reason.TOO_EARLY;
            } else if (challenger.samples() < input.minSamples() || champion.samples() < input.minSamples()) {
                reason = Reason.INSUFFICIENT_DATA;
            } else if (input.srmMismatch()) {
                reason = Reason.SRM_MISMATCH;
            } else if (uplift == null || !reachesThreshold(uplift, input.promoteThreshold())) {
                reason = Reason.BELOW_THRESHOLD;
            } else if (!(uplift > 0) || !msprt.defined() || msprt.logLambda() < logRequiredLambda) {
                reason = Reason.NOT_SIGNIFICANT;
            } else {
                reason = Reason.QUALIFIES;
            }
            ChallengerVerdict verdict = new ChallengerVerdict(challenger.modelId(), challenger.variant(), reason,
                    uplift, msprt.lambda(), msprt.sequentialPValue());
            verdicts.add(verdict);
            if (reason == Reason.QUALIFIES && (winner == null || uplift > winner.uplift())) {
                winner = verdict;
            }
        }
        return winner == null
                ? new PromotionDecision(false, null, null, verdicts)
                : new PromotionDecision(true, winner.modelId(), winner.variant(), verdicts);
    }

    static boolean reachesThreshold(double uplift, double threshold) {
        return uplift >= threshold - (RELATIVE_TOLERANCE * Math.abs(threshold) + ABSOLUTE_TOLERANCE);
    }
}
