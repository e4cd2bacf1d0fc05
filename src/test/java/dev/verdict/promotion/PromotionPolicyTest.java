package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.promotion.ChallengerVerdict.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Λ values quoted in comments come from the mSPRT formula in python3 (math.log1p/exp), e.g.
 * {@code python3 -c "from math import *; nT,xT,nC,xC,t=10000,600,10000,500,0.01; pT,pC=xT/nT,xC/nC;
 * V=pT*(1-pT)/nT+pC*(1-pC)/nC; print(exp(-0.5*log1p(t*t/V)+(pT-pC)**2/(2*V)*t*t/(V+t*t)))"} → 23.99.
 */
class PromotionPolicyTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofDays(30));

    private final PromotionPolicy policy = new PromotionPolicy();

    /** A builder of policy inputs whose defaults let a clearly better challenger qualify. */
    private static final class Input {
        Instant phaseStartedAt = START;
        int promoteAfterDays = 14;
        double promoteThreshold = 0.01;
        long minSamples = 1000;
        double alpha = 0.05;
        boolean srmMismatch;
        ArmCounts champion = new ArmCounts(10_000, 500);
        List<ChallengerCounts> challengers = new ArrayList<>();

        Input challenger(String model, long samples, long conversions) {
            challengers.add(new ChallengerCounts(model, model + "-key", samples, conversions));
            return this;
        }

        PolicyInput build() {
            return new PolicyInput(phaseStartedAt, promoteAfterDays, promoteThreshold, minSamples, alpha, srmMismatch,
                    champion, challengers);
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
    void promotesAChallengerThatIsLongEnoughBigEnoughAndSignificant() {
        // 7% vs 5% over 10,000 each: uplift 0.02, Λ = 2.7e6 ≥ 1/0.05.
        PromotionDecision decision = policy.evaluate(anInput().challenger("m1", 10_000, 700).build(), NOW);
        assertThat(decision.promote()).isTrue();
        assertThat(decision.winnerModelId()).isEqualTo("m1");
        assertThat(decision.winnerVariant()).isEqualTo("m1-key");
        ChallengerVerdict verdict = decision.verdicts().get(0);
        assertThat(verdict.reason()).isEqualTo(Reason.QUALIFIES);
        assertThat(verdict.uplift()).isCloseTo(0.02, within(1e-12));
        assertThat(verdict.lambda()).isCloseTo(2728033.353109177, within(1e-3));
        assertThat(verdict.sequentialPValue()).isCloseTo(1 / 2728033.353109177, within(1e-15));
    }

    @Test
    void reportsTooEarlyBeforePromoteAfterDaysHavePassed() {
        PolicyInput input = anInput().challenger("m1", 10_000, 700).build();
        assertThat(onlyVerdict(input, START.plus(Duration.ofDays(14)).minusMillis(1)).reason())
                .isEqualTo(Reason.TOO_EARLY);
        assertThat(onlyVerdict(input, START.plus(Duration.ofDays(14))).reason()).isEqualTo(Reason.QUALIFIES);
    }

    @Test
    void reportsTooEarlyWhenThePhaseHasNotStarted() {
        Input input = anInput().challenger("m1", 10_000, 700);
        input.phaseStartedAt = null;
        ChallengerVerdict verdict = onlyVerdict(input.build(), NOW);
        assertThat(verdict.reason()).isEqualTo(Reason.TOO_EARLY);
        assertThat(verdict.uplift()).as("statistics are still reported").isCloseTo(0.02, within(1e-12));
    }

    @Test
    void reportsInsufficientDataWhenEitherArmHasFewerThanMinSamples() {
        assertThat(onlyVerdict(anInput().challenger("m1", 999, 70).build(), NOW).reason())
                .isEqualTo(Reason.INSUFFICIENT_DATA);
        Input smallChampion = anInput().challenger("m1", 10_000, 700);
        smallChampion.champion = new ArmCounts(999, 50);
        assertThat(onlyVerdict(smallChampion.build(), NOW).reason()).isEqualTo(Reason.INSUFFICIENT_DATA);
    }

    @Test
    void reportsInsufficientDataBeforeSrmMismatch() {
        Input input = anInput().challenger("m1", 10, 1);
        input.srmMismatch = true;
        assertThat(onlyVerdict(input.build(), NOW).reason()).isEqualTo(Reason.INSUFFICIENT_DATA);
    }

    @Test
    void reportsSrmMismatchWhenTheTrafficSplitIsBroken() {
        Input input = anInput().challenger("m1", 10_000, 700);
        input.srmMismatch = true;
        PromotionDecision decision = policy.evaluate(input.build(), NOW);
        assertThat(decision.promote()).isFalse();
        assertThat(decision.verdicts().get(0).reason()).isEqualTo(Reason.SRM_MISMATCH);
    }

    @Test
    void reportsBelowThresholdWhenTheUpliftIsTooSmallEvenIfSignificant() {
        // 5.9% vs 5% over 100,000 each is highly significant but 0.009 < 0.01.
        Input input = anInput().challenger("m1", 100_000, 5_900);
        input.champion = new ArmCounts(100_000, 5_000);
        assertThat(onlyVerdict(input.build(), NOW).reason()).isEqualTo(Reason.BELOW_THRESHOLD);
    }

    @Test
    void reportsBelowThresholdForAWorseChallenger() {
        assertThat(onlyVerdict(anInput().challenger("m1", 10_000, 300).build(), NOW).reason())
                .isEqualTo(Reason.BELOW_THRESHOLD);
    }

    @Test
    void countsAnUpliftEqualToTheThresholdUpToFloatingPointRounding() {
        // 0.06 - 0.05 == 0.009999999999999995 in doubles; it must still reach a 0.01 threshold.
        assertThat(0.06 - 0.05).isLessThan(0.01);
        Input input = anInput().challenger("m1", 100_000, 6_000);
        input.champion = new ArmCounts(100_000, 5_000);
        assertThat(onlyVerdict(input.build(), NOW).reason()).isEqualTo(Reason.QUALIFIES);
        assertThat(PromotionPolicy.reachesThreshold(0.0099999, 0.01)).isFalse();
    }

    @Test
    void reportsNotSignificantWhenTheUpliftIsLargeButTheEvidenceIsThin() {
        // 6% vs 5% over 1,000 each: uplift 0.01 but Λ = 0.90 < 20.
        Input input = anInput().challenger("m1", 1_000, 60);
        input.champion = new ArmCounts(1_000, 50);
        input.minSamples = 100;
        ChallengerVerdict verdict = onlyVerdict(input.build(), NOW);
        assertThat(verdict.reason()).isEqualTo(Reason.NOT_SIGNIFICANT);
        assertThat(verdict.lambda()).isCloseTo(0.9038546832096955, within(1e-12));
        assertThat(verdict.sequentialPValue()).isEqualTo(1.0);
    }

    @Test
    void reportsNotSignificantWhenLambdaIsUndefined() {
        // Everyone converts on the challenger, nobody on the champion: uplift 1 but V = 0, so Λ is undefined.
        Input input = anInput().challenger("m1", 10_000, 10_000);
        input.champion = new ArmCounts(10_000, 0);
        ChallengerVerdict verdict = onlyVerdict(input.build(), NOW);
        assertThat(verdict.reason()).isEqualTo(Reason.NOT_SIGNIFICANT);
        assertThat(verdict.lambda()).isNull();
        assertThat(verdict.sequentialPValue()).isEqualTo(1.0);
    }

    @Test
    void picksTheQualifyingChallengerWithTheLargestUplift() {
        PromotionDecision decision = policy.evaluate(anInput()
                .challenger("weak", 10_000, 520)      // below threshold
                .challenger("good", 10_000, 700)      // qualifies, uplift 0.02
                .challenger("best", 10_000, 800)      // qualifies, uplift 0.03
                .challenger("tiny", 500, 100)         // largest uplift but too few samples
                .build(), NOW);
        assertThat(decision.promote()).isTrue();
        assertThat(decision.winnerModelId()).isEqualTo("best");
        assertThat(decision.verdicts()).extracting(ChallengerVerdict::modelId, ChallengerVerdict::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("weak", Reason.BELOW_THRESHOLD),
                        org.assertj.core.groups.Tuple.tuple("good", Reason.QUALIFIES),
                        org.assertj.core.groups.Tuple.tuple("best", Reason.QUALIFIES),
                        org.assertj.core.groups.Tuple.tuple("tiny", Reason.INSUFFICIENT_DATA));
    }

    @Test
    void breaksATieInUpliftByListOrder() {
        PromotionDecision decision = policy.evaluate(anInput()
                .challenger("first", 10_000, 700).challenger("second", 10_000, 700).build(), NOW);
        assertThat(decision.winnerModelId()).isEqualTo("first");
    }

    @Test
    void requiresLambdaOfKOverAlphaWithKChallengers() {
        // 6% vs 5% over 10,000 each, τ = 0.01: Λ = 23.99, above 1/0.05 = 20 but below 2/0.05 = 40.
        PromotionDecision alone = policy.evaluate(anInput().challenger("m1", 10_000, 600).build(), NOW);
        assertThat(alone.verdicts().get(0).lambda()).isCloseTo(23.99371899842682, within(1e-9));
        assertThat(alone.promote()).isTrue();

        PromotionDecision withAnother = policy.evaluate(anInput()
                .challenger("m1", 10_000, 600).challenger("m2", 10_000, 500).build(), NOW);
        assertThat(withAnother.promote()).isFalse();
        assertThat(withAnother.verdicts().get(0).reason()).isEqualTo(Reason.NOT_SIGNIFICANT);
    }

    @Test
    void doesNotPromoteWithoutChallengers() {
        PromotionDecision decision = policy.evaluate(anInput().build(), NOW);
        assertThat(decision).isEqualTo(new PromotionDecision(false, null, null, List.of()));
    }

    @Test
    void rejectsInvalidSettingsAndCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> {
            Input input = anInput();
            input.promoteThreshold = 0;
            input.build();
        });
        assertThatIllegalArgumentException().isThrownBy(() -> {
            Input input = anInput();
            input.alpha = 1;
            input.build();
        });
        assertThatIllegalArgumentException().isThrownBy(() -> {
            Input input = anInput();
            input.promoteAfterDays = -1;
            input.build();
        });
        assertThatIllegalArgumentException().isThrownBy(() -> new ArmCounts(10, 11));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChallengerCounts("m", "k", -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChallengerCounts(null, "k", 1, 0));
    }
}
