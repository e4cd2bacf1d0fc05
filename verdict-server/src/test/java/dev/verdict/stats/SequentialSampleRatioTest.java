package dev.verdict.stats;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class SequentialSampleRatioTest {

    @Test
    void fiveCustomerVersionWithHoldoutIsNotAMismatch() {
        long[] observed = {4, 1};
        double[] shares = {0.99, 0.01};
        ChiSquareResult pearson = SampleRatio.goodnessOfFit(observed, shares);
        assertThat(pearson.pValue()).as("Pearson's large-sample approximation cries wolf").isLessThan(0.001);
        SrmEvidence evidence = SequentialSampleRatio.test(observed, shares);
        assertThat(evidence.mismatch()).isFalse();
        // No prior can do better than the maximum-likelihood split 4/5, 1/5: BF ≤ 0.8⁴·0.2/(0.99⁴·0.01) ≈ 8.5.
        for (double a : new double[] {0.1, 1, 10, 100, 1000, 1e4, 1e6}) {
            assertThat(SequentialSampleRatio.test(observed, shares, a).pValue()).as("A = %s", a).isGreaterThan(0.1);
        }
    }

    @Test
    void matchesHighPrecisionDirichletMultinomialBayesFactor() {
        for (java.util.Map<String, String> row : GoldenCsv.rows("srm_sequential.csv")) {
            double[] counts = GoldenCsv.doubles(row.get("observed"));
            long[] observed = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                observed[i] = (long) counts[i];
            }
            SrmEvidence e = SequentialSampleRatio.test(observed, GoldenCsv.doubles(row.get("shares")),
                    GoldenCsv.doubleOf(row, "concentration"));
            String what = "SRM " + row;
            GoldenCsv.assertCloseNearZero(e.logBayesFactor(), GoldenCsv.doubleOf(row, "logBayesFactor"), what + " ln BF");
            GoldenCsv.assertClose(e.pValue(), GoldenCsv.doubleOf(row, "pValue"), what + " p");
        }
    }

    @Test
    void matchesTheDirectLogGammaSumWhereThatIsPrecise() {
        Random random = new Random(20240722L);
        for (int i = 0; i < 2000; i++) {
            int arms = 2 + random.nextInt(3);
            long[] observed = new long[arms];
            double[] shares = new double[arms];
            for (int j = 0; j < arms; j++) {
                observed[j] = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(5000);
                shares[j] = random.nextInt(5) == 0 ? 0.01 : random.nextDouble() + 0.05;
            }
            double a = new double[] {0.5, 3, 50, 1000, 1e5}[random.nextInt(5)];
            double expected = direct(observed, shares, a);
            double actual = SequentialSampleRatio.test(observed, shares, a).logBayesFactor();
            assertThat(actual).as("%s %s A=%s", java.util.Arrays.toString(observed),
                    java.util.Arrays.toString(shares), a).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void trueSplitAtABillionKeepsSmallFiniteEvidence() {
        SrmEvidence e = SequentialSampleRatio.test(new long[] {500_000_000L, 500_000_000L}, new double[] {1, 1});
        // mpmath at 50 digits: lnΓ(A) − lnΓ(A+n) + 2(lnΓ(A/2 + n/2) − lnΓ(A/2)) + n·ln 2, A = 1000, n = 10⁹.
        // Summing the lnΓ values (about 2·10¹⁰) in doubles would leave only about 5 correct digits.
        assertThat(e.logBayesFactor()).isCloseTo(-6.9080057786902206855, within(1e-12));
        assertThat(e.pValue()).isEqualTo(1.0);
    }

    @Test
    void clearMismatchIsFlagged() {
        assertThat(SequentialSampleRatio.test(new long[] {5500, 4500}, new double[] {0.5, 0.5}).mismatch()).isTrue();
        assertThat(SequentialSampleRatio.test(new long[] {5050, 4950}, new double[] {0.5, 0.5}).mismatch()).isFalse();
    }

    @Test
    void trafficInAnArmWithoutShareIsImpossible() {
        SrmEvidence e = SequentialSampleRatio.test(new long[] {10, 1, 10}, new double[] {0.5, 0, 0.5});
        assertThat(e).isEqualTo(new SrmEvidence(SequentialSampleRatio.IMPOSSIBLE_LOG_BAYES_FACTOR, 0.0));
        SrmEvidence quiet = SequentialSampleRatio.test(new long[] {10, 0, 10}, new double[] {0.5, 0, 0.5});
        assertThat(quiet.logBayesFactor()).isFinite();
        assertThat(SequentialSampleRatio.combine(List.of(quiet, e))).isEqualTo(e);
    }

    @Test
    void combineAddsLogBayesFactorsOfIndependentVersions() {
        SrmEvidence first = SequentialSampleRatio.test(new long[] {900, 100}, new double[] {0.9, 0.1});
        SrmEvidence second = SequentialSampleRatio.test(new long[] {560, 440}, new double[] {0.5, 0.5});
        SrmEvidence both = SequentialSampleRatio.combine(List.of(first, second));
        assertThat(both.logBayesFactor()).isEqualTo(first.logBayesFactor() + second.logBayesFactor());
        assertThat(both.pValue()).isCloseTo(Math.min(1, Math.exp(-both.logBayesFactor())), within(1e-15));
        assertThat(SequentialSampleRatio.combine(List.of())).isEqualTo(new SrmEvidence(0.0, 1.0));
        assertThat(SequentialSampleRatio.test(new long[] {0, 0}, new double[] {1, 1})).isEqualTo(new SrmEvidence(0.0, 1.0));
    }

    @Test
    void rejectsProgrammingErrors() {
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialSampleRatio.test(new long[] {1}, new double[] {1, 1}));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialSampleRatio.test(new long[] {-1, 1}, new double[] {1, 1}));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialSampleRatio.test(new long[] {1, 1}, new double[] {0, 0}));
        assertThatIllegalArgumentException().isThrownBy(() -> SequentialSampleRatio.test(new long[] {1, 1}, new double[] {1, 1}, 0.0));
    }

    private static double direct(long[] observed, double[] shares, double a) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            n += observed[i];
        }
        double log = Gamma.logGamma(a) - Gamma.logGamma(a + n);
        for (int i = 0; i < shares.length; i++) {
            double p = shares[i] / sum;
            log += Gamma.logGamma(a * p + observed[i]) - Gamma.logGamma(a * p) - observed[i] * Math.log(p);
        }
        return log;
    }
}
