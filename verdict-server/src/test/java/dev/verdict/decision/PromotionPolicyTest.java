package dev.verdict.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.verdict.decision.ChallengerVerdict.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gates of the promotion rule, applied to evidence the scoreboard has already computed. */
class PromotionPolicyTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofDays(30));

    private final PromotionPolicy policy = new PromotionPolicy();

    /** A builder of policy inputs whose defaults let a proven challenger qualify. */
    private static final class Input {
        Instant phaseStartedAt = START;
        int promoteAfterDays = 14;
        double promoteThreshold = 0.01;
        long minSamples = 1000;
        boolean srmMismatch;
        long championSamples = 10_000;
        List<ChallengerEvidence> challengers = new ArrayList<>();

        Input challenger(String model, long samples, Double lower) {
            challengers.add(new ChallengerEvidence(model, model + "-key", samples, 0.02, lower, 0.001));
            return this;
        }

        PolicyInput build() {
            return new PolicyInput(phaseStartedAt, promoteAfterDays, promoteThreshold, minSamples, srmMismatch,
                    championSamples, challengers);
        }
    }

    private static Input anInput() {
        return new Input();
    }

    private ChallengerVerdict onlyVerdict(PolicyInput input, Instant now) {
        PromotionDecision decision = policy.evaluate(input, now);
        assertThat(decision.verdicts()).hasSize(1);
        return decision.verdicts().get(0);
    }

    @Test
    void promotesAChallengerWhoseAlwaysValidLowerBoundReachesTheThreshold() {
        PromotionDecision decision = policy.evaluate(anInput().challenger("m1", 10_000, 0.0125).build(), NOW);
        assertThat(decision.promote()).isTrue();
        assertThat(decision.winnerModelId()).isEqualTo("m1");
        assertThat(decision.winnerVariant()).isEqualTo("m1-key");
        assertThat(decision.verdicts().get(0).reason()).isEqualTo(Reason.QUALIFIES);
        assertThat(decision.verdicts().get(0).alwaysValidLower()).isEqualTo(0.0125);
    }

    @Test
    void aSignificantChallengerWhoseBoundIsBelowTheThresholdIsNotPromoted() {
        // Proven better than the champion, not proven better by the threshold: the point estimate does not decide.
        ChallengerVerdict verdict = onlyVerdict(anInput().challenger("m1", 10_000, 0.004).build(), NOW);
        assertThat(verdict.reason()).isEqualTo(Reason.BELOW_THRESHOLD);
        assertThat(verdict.uplift()).isGreaterThan(0.01);
    }

    @Test
    void aBoundAtOrBelowZeroIsNotSignificant() {
        assertThat(onlyVerdict(anInput().challenger("m1", 10_000, 0.0).build(), NOW).reason())
                .isEqualTo(Reason.NOT_SIGNIFICANT);
        assertThat(onlyVerdict(anInput().challenger("m1", 10_000, -0.01).build(), NOW).reason())
                .isEqualTo(Reason.NOT_SIGNIFICANT);
        assertThat(onlyVerdict(anInput().challenger("m1", 10_000, null).build(), NOW).reason())
                .isEqualTo(Reason.NOT_SIGNIFICANT);
    }

    @Test
    void reportsTooEarlyBeforePromoteAfterDaysHavePassed() {
        PolicyInput input = anInput().challenger("m1", 10_000, 0.02).build();
        assertThat(onlyVerdict(input, START.plus(Duration.ofDays(14)).minusMillis(1)).reason())
                .isEqualTo(Reason.TOO_EARLY);
        assertThat(onlyVerdict(input, START.plus(Duration.ofDays(14))).reason()).isEqualTo(Reason.QUALIFIES);
    }

    @Test
    void aPhaseThatHasNotStartedIsTooEarly() {
        Input input = anInput().challenger("m1", 10_000, 0.02);
        input.phaseStartedAt = null;
        assertThat(onlyVerdict(input.build(), NOW).reason()).isEqualTo(Reason.TOO_EARLY);
    }

    @Test
    void eitherArmBelowMinSamplesIsInsufficient() {
        assertThat(onlyVerdict(anInput().challenger("m1", 999, 0.02).build(), NOW).reason())
                .isEqualTo(Reason.INSUFFICIENT_DATA);
        Input small = anInput().challenger("m1", 10_000, 0.02);
        small.championSamples = 999;
        assertThat(onlyVerdict(small.build(), NOW).reason()).isEqualTo(Reason.INSUFFICIENT_DATA);
    }

    @Test
    void aSampleRatioMismatchBlocksPromotion() {
        Input input = anInput().challenger("m1", 10_000, 0.02);
        input.srmMismatch = true;
        assertThat(onlyVerdict(input.build(), NOW).reason()).isEqualTo(Reason.SRM_MISMATCH);
    }

    @Test
    void theLargestLowerBoundWinsAndTiesGoToTheFirst() {
        PromotionDecision decision = policy.evaluate(anInput().challenger("a", 10_000, 0.015)
                .challenger("b", 10_000, 0.02).challenger("c", 10_000, 0.02).build(), NOW);
        assertThat(decision.winnerModelId()).isEqualTo("b");
        assertThat(decision.verdicts()).extracting(ChallengerVerdict::reason).containsOnly(Reason.QUALIFIES);
    }

    @Test
    void noChallengersMeansNoPromotionAndNoVerdicts() {
        PromotionDecision decision = policy.evaluate(anInput().build(), NOW);
        assertThat(decision.promote()).isFalse();
        assertThat(decision.verdicts()).isEmpty();
    }

    @Test
    void refusesInputsOutsideTheirDomain() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PolicyInput(START, -1, 0.01, 0, false, 0,
                List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new PolicyInput(START, 1, 0, 0, false, 0, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChallengerEvidence(null, "v", 1, null, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChallengerEvidence("m", "v", -1, null, null,
                null));
    }
}
