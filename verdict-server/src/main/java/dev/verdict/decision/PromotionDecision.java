package dev.verdict.decision;

import java.util.List;

/**
 * Whether to promote and which challenger wins; one verdict per challenger in input order.
 * With no challengers: no promotion and no verdicts.
 */
public record PromotionDecision(boolean promote, String winnerModelId, String winnerVariant,
                                List<ChallengerVerdict> verdicts) {

    public PromotionDecision {
        verdicts = List.copyOf(verdicts);
    }
}
