package dev.verdict.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class SequentialTestTest {

    private static final double[] TAUS = {0.001, 0.01, 0.05, 0.3, 1.0};

    @Test
    void matchesHighPrecisionMixtureRatiosAndBounds() {
        for (java.util.Map<String, String> row : GoldenCsv.rows("sequential.csv")) {
            List<Stratum> strata = GoldenCsv.strata(row.get("strata"));
            double tau = GoldenCsv.doubleOf(row, "tau");
            double delta = GoldenCsv.doubleOf(row, "delta");
            SequentialResult r = SequentialTest.evaluate(strata, tau, (int) GoldenCsv.longOf(row, "challengers"),
                    GoldenCsv.doubleOf(row, "alpha"));
            String what = "sequential " + row;
            GoldenCsv.assertCloseNearZero(r.logLambda(), GoldenCsv.doubleOf(row, "logLambda"), what + " ln Λ⁺(0)");
            GoldenCsv.assertCloseNearZero(SequentialTest.logLambdaAbove(strata, tau, delta),
                    GoldenCsv.doubleOf(row, "logAboveAtDelta"), what + " ln Λ⁺(δ)");
            GoldenCsv.assertCloseNearZero(SequentialTest.logLambdaBelow(strata, tau, delta),
                    GoldenCsv.doubleOf(row, "logBelowAtDelta"), what + " ln Λ⁻(δ)");
            GoldenCsv.assertClose(r.pValue(), GoldenCsv.doubleOf(row, "pValue"), what + " p");
            GoldenCsv.assertClose(r.lower(), GoldenCsv.doubleOf(row, "lower"), what + " lower");
            GoldenCsv.assertClose(r.upper(), GoldenCsv.doubleOf(row, "upper"), what + " upper");
        }
    }

    @Test
    void evidenceAboveCanIncreaseWithDeltaSoTheBoundsDoNotAssumeMonotonicity() {
        // Found by the seeded scan that the Javadoc of SequentialTest reports on: a heavy, tiny-rate control in one
        // stratum and a 3-sample control in the other.
        List<Stratum> strata = List.of(new Stratum(4475, 147, 3, 0), new Stratum(13, 6, 1_000_000_000L, 1_206_931));
        double at = SequentialTest.logLambdaAbove(strata, 0.01, -0.175);
        double later = SequentialTest.logLambdaAbove(strata, 0.01, -0.17);
        assertThat(later).as("ln Λ⁺ rises from δ = -0.175 to -0.17").isGreaterThan(at);
    }

    @Test
    void lowerBoundIsTheInfimumOfTheDeltasNotRejected() {
        Random random = new Random(20240711L);
        int checked = 0;
        for (int i = 0; i < 600; i++) {
            List<Stratum> strata = randomStrata(random, 1 + random.nextInt(3));
            if (Strata.usableCount(strata) == 0) {
                continue;
            }
            double tau = TAUS[random.nextInt(TAUS.length)];
            double alpha = 0.05;
            int k = 1 + random.nextInt(3);
            double threshold = Math.log(k / alpha);
            SequentialResult r = SequentialTest.evaluate(strata, tau, k, alpha);
            double estimate = Strata.weightedDifferenceSum(strata) / Strata.weightSum(strata);
            for (int g = 1; g < 1000; g++) {
                double delta = -1.0 + g * 0.002;
                if (delta >= estimate) {
                    // Beyond the estimate Λ⁺ < 1 ≤ k/α (= 1 by convention where V = 0): never rejected.
                    assertThat(SequentialTest.logLambdaAbove(strata, tau, delta)).as("%s %s", strata, delta)
                            .isLessThanOrEqualTo(0.0);
                    continue;
                }
                double above = SequentialTest.logLambdaAbove(strata, tau, delta);
                assertThat(above).as("%s tau %s delta %s", strata, tau, delta).isFinite();
                if (delta < r.lower() && !(r.pValue() <= alpha && delta >= 0)) {
                    assertThat(above).as("rejected below the lower bound %s: %s tau %s k %s delta %s", r.lower(),
                            strata, tau, k, delta).isGreaterThanOrEqualTo(threshold);
                }
                double below = SequentialTest.logLambdaBelow(strata, tau, -delta);
                if (-delta > r.upper()) {
                    assertThat(below).as("rejected above the upper bound %s: %s tau %s k %s delta %s", r.upper(),
                            strata, tau, k, -delta).isGreaterThanOrEqualTo(threshold);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void pValueBelowAlphaExactlyWhenLowerBoundAboveZero() {
        Random random = new Random(20240712L);
        double[] alphas = {0.01, 0.05, 0.1};
        int rejected = 0;
        int compared = 0;
        for (int i = 0; i < 2000; i++) {
            List<Stratum> strata = randomStrata(random, 1 + random.nextInt(3));
            double tau = TAUS[random.nextInt(TAUS.length)];
            int k = 1 + random.nextInt(3);
            double alpha = alphas[random.nextInt(alphas.length)];
            SequentialResult r = SequentialTest.evaluate(strata, tau, k, alpha);
            assertThat(r.logLambda()).isFinite();
            assertThat(r.pValue()).isBetween(0.0, 1.0);
            if (r.lower() == null) {
                assertThat(r.reason()).isEqualTo(Reasons.EMPTY_ARM);
                continue;
            }
            String what = strata + " tau " + tau + " k " + k + " alpha " + alpha + ": " + r;
            assertThat(r.lower() >= 0).as(what).isEqualTo(r.pValue() <= alpha);
            assertThat(r.lower()).as(what).isBetween(-1.0, 1.0).isLessThanOrEqualTo(r.upper());
            assertThat(r.upper()).as(what).isBetween(-1.0, 1.0);
            compared++;
            rejected += r.pValue() <= alpha ? 1 : 0;
        }
        assertThat(compared).isGreaterThan(1500);
        assertThat(rejected).as("both outcomes exercised").isBetween(200, compared - 200);
    }

    @Test
    void belowIsTheMirrorOfAbove() {
        List<Stratum> strata = List.of(new Stratum(1000, 130, 1000, 100), new Stratum(300, 20, 900, 70));
        List<Stratum> swapped = List.of(new Stratum(1000, 100, 1000, 130), new Stratum(900, 70, 300, 20));
        for (double delta : new double[] {-0.1, -0.01, 0.0, 0.02, 0.05}) {
            assertThat(SequentialTest.logLambdaBelow(strata, 0.05, delta))
                    .isCloseTo(SequentialTest.logLambdaAbove(swapped, 0.05, -delta), within(1e-9));
        }
    }

    @Test
    void noEvidenceWithoutVarianceOrUsableStratum() {
        assertThat(SequentialTest.logLambdaAbove(List.of(), 0.1, 0.0)).isEqualTo(0.0);
        assertThat(SequentialTest.logLambdaAbove(List.of(new Stratum(0, 0, 5, 1)), 0.1, 0.0)).isEqualTo(0.0);
        assertThat(SequentialTest.logLambdaAbove(List.of(new Stratum(50, 0, 70, 0)), 0.1, 0.0)).isEqualTo(0.0);
        SequentialResult empty = SequentialTest.evaluate(List.of(new Stratum(0, 0, 5, 1)), 0.1, 1, 0.05);
        assertThat(empty).isEqualTo(new SequentialResult(0.0, 1.0, null, null, Reasons.EMPTY_ARM));
        SequentialResult none = SequentialTest.evaluate(List.of(new Stratum(50, 0, 70, 0)), 0.1, 1, 0.05);
        assertThat(none.reason()).isEqualTo(Reasons.ZERO_VARIANCE);
        assertThat(none.pValue()).isEqualTo(1.0);
        assertThat(none.lower()).isNegative();
        assertThat(none.upper()).isPositive();
    }

    @Test
    void zeroConversionControlDoesNotClaimCertainty() {
        // 12/400 against 0/100: the plug-in variance of the control is 0; under H0 it is not.
        SequentialResult r = SequentialTest.evaluate(List.of(new Stratum(400, 12, 100, 0)), 0.05, 1, 0.05);
        assertThat(r.pValue()).isGreaterThan(0.05);
        assertThat(r.lower()).isNegative();
    }

    @Test
    void bonferroniMultipliesThePValueByTheNumberOfChallengers() {
        List<Stratum> strata = List.of(new Stratum(20000, 1300, 30000, 1500));
        SequentialResult one = SequentialTest.evaluate(strata, 0.01, 1, 0.05);
        SequentialResult three = SequentialTest.evaluate(strata, 0.01, 3, 0.05);
        assertThat(three.logLambda()).isEqualTo(one.logLambda());
        assertThat(three.pValue()).isCloseTo(3 * one.pValue(), within(1e-15));
        assertThat(three.lower()).isLessThan(one.lower());
        assertThat(three.upper()).isGreaterThan(one.upper());
    }

    @Test
    void logPhiIsContinuousAcrossTheAsymptoticSwitch() {
        double a = -SequentialTest.ASYMPTOTIC_BELOW;
        double left = SequentialTest.halfSquarePlusLogPhi(Math.nextDown(a));
        double right = SequentialTest.halfSquarePlusLogPhi(a);
        assertThat(left).isCloseTo(right, within(1e-11));
        assertThat(SequentialTest.halfSquarePlusLogPhi(-1e300)).isFinite();
        assertThat(SequentialTest.halfSquarePlusLogPhi(0.0)).isEqualTo(Math.log(0.5), within(1e-15));
    }

    @Test
    void rejectsInvalidParameters() {
        List<Stratum> s = List.of(new Stratum(10, 1, 10, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.evaluate(s, 0.0, 1, 0.05));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.evaluate(s, 1.5, 1, 0.05));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.evaluate(s, 0.1, 0, 0.05));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.evaluate(s, 0.1, 1, 1.0));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.evaluate(s, 0.1, 1, Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.logLambdaAbove(null, 0.1, 0.0));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialTest.logLambdaBelow(s, Double.NaN, 0.0));
    }

    /** Tiny, empty-rate and very unbalanced arms: sizes from 1 to 10⁹ chosen independently per arm. */
    static List<Stratum> randomStrata(Random random, int count) {
        List<Stratum> strata = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long[] t = RandomTables.next(random, random.nextBoolean());
            strata.add(new Stratum(t[0], t[1], t[2], t[3]));
        }
        return strata;
    }
}
