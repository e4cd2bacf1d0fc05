package dev.verdict.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StratifiedComparisonTest {

    @Test
    void singleStratumEqualsPooledScoreTest() {
        Random random = new Random(20240701L);
        for (int i = 0; i < 3000; i++) {
            long[] t = RandomTables.next(random, i % 2 == 0);
            double confidence = i % 3 == 0 ? 0.99 : 0.95;
            List<Stratum> strata = new ArrayList<>();
            strata.add(new Stratum(t[0], t[1], t[2], t[3]));
            if (i % 4 == 0) {
                strata.add(new Stratum(0, 0, 17, 3));
            }
            StratifiedResult r = StratifiedComparison.compare(strata, confidence);
            ZTestResult z = TwoProportionZTest.test(t[0], t[1], t[2], t[3]);
            DifferenceInterval d = ScoreInterval.difference(t[0], t[1], t[2], t[3], confidence);
            String what = java.util.Arrays.toString(t);
            assertThat(r.zScore()).as(what).isEqualTo(z.zScore());
            assertThat(r.pValue()).as(what).isEqualTo(z.pValue());
            assertThat(r.reason()).as(what).isEqualTo(z.reason());
            assertThat(r.ciLower()).as(what).isEqualTo(d.lower());
            assertThat(r.ciUpper()).as(what).isEqualTo(d.upper());
            assertThat(r.difference()).as(what).isEqualTo((double) t[1] / t[0] - (double) t[3] / t[2],
                    org.assertj.core.api.Assertions.within(1e-15));
        }
    }

    @Test
    void matchesHighPrecisionStratifiedScoreBisection() {
        for (java.util.Map<String, String> row : GoldenCsv.rows("stratified.csv")) {
            StratifiedResult r = StratifiedComparison.compare(GoldenCsv.strata(row.get("strata")),
                    GoldenCsv.doubleOf(row, "confidence"));
            String what = "stratified " + row;
            GoldenCsv.assertCloseNearZero(r.difference(), GoldenCsv.doubleOf(row, "difference"), what + " difference");
            GoldenCsv.assertCloseNearZero(r.zScore(), GoldenCsv.doubleOf(row, "z"), what + " z");
            GoldenCsv.assertClose(r.pValue(), GoldenCsv.doubleOf(row, "pValue"), what + " p");
            GoldenCsv.assertClose(r.ciLower(), GoldenCsv.doubleOf(row, "lower"), what + " lower");
            GoldenCsv.assertClose(r.ciUpper(), GoldenCsv.doubleOf(row, "upper"), what + " upper");
        }
    }

    @Test
    void rampUpWithoutEffectGivesNoDifference() {
        // 90/10 at a 10 % rate, then 50/50 at 15 %: pooled, the challenger looks 2.4 points better.
        List<Stratum> strata = List.of(new Stratum(1000, 100, 9000, 900), new Stratum(5000, 750, 5000, 750));
        ZTestResult naive = TwoProportionZTest.test(6000, 850, 14000, 1650);
        assertThat(naive.pValue()).as("the unstratified test is fooled").isLessThan(1e-5);
        StratifiedResult r = StratifiedComparison.compare(strata, 0.95);
        assertThat(r.difference()).isEqualTo(0.0);
        assertThat(r.zScore()).isEqualTo(0.0);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.ciLower()).isNegative();
        assertThat(r.ciUpper()).isPositive();
    }

    @Test
    void pValueBelowAlphaExactlyWhenIntervalExcludesZero() {
        Random random = new Random(20240702L);
        double[] confidences = {0.9, 0.95, 0.99};
        int significant = 0;
        int compared = 0;
        for (int i = 0; i < 3000; i++) {
            List<Stratum> strata = randomStrata(random, 2 + random.nextInt(2), i % 2 == 0);
            double confidence = confidences[i % 3];
            StratifiedResult r = StratifiedComparison.compare(strata, confidence);
            if (r.pValue() == null) {
                assertThat(r.reason()).isEqualTo(Reasons.EMPTY_ARM);
                continue;
            }
            boolean rejects = r.pValue() < 1.0 - confidence;
            boolean excludes = r.ciLower() > 0 || r.ciUpper() < 0;
            assertThat(excludes).as("%s at %s: %s", strata, confidence, r).isEqualTo(rejects);
            assertThat(r.ciLower()).as("%s: %s", strata, r).isBetween(-1.0, r.difference() + 1e-15);
            assertThat(r.ciUpper()).as("%s: %s", strata, r).isBetween(r.difference() - 1e-15, 1.0);
            for (Double v : new Double[] {r.difference(), r.zScore(), r.pValue(), r.ciLower(), r.ciUpper()}) {
                assertThat(v).as("%s", strata).isFinite();
            }
            compared++;
            significant += rejects ? 1 : 0;
        }
        assertThat(compared).isGreaterThan(2500);
        assertThat(significant).as("both outcomes exercised").isBetween(300, compared - 300);
    }

    @Test
    void noUsableStratumIsAnEmptyArm() {
        assertThat(StratifiedComparison.compare(List.of(), 0.95))
                .isEqualTo(new StratifiedResult(null, null, null, null, null, Reasons.EMPTY_ARM));
        assertThat(StratifiedComparison.compare(List.of(new Stratum(0, 0, 5, 1), new Stratum(3, 1, 0, 0)), 0.95)
                .reason()).isEqualTo(Reasons.EMPTY_ARM);
        assertThat(StratifiedComparison.compare(List.of(new Stratum(3, 1, 5, 1)), 1.0).reason())
                .isEqualTo(Reasons.INVALID_INPUT);
    }

    @Test
    void allOrNothingStrataHaveZeroVariance() {
        StratifiedResult r = StratifiedComparison.compare(
                List.of(new Stratum(10, 0, 20, 0), new Stratum(5, 5, 7, 7)), 0.95);
        assertThat(r.reason()).isEqualTo(Reasons.ZERO_VARIANCE);
        assertThat(r.zScore()).isEqualTo(0.0);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.ciLower()).isNegative();
        assertThat(r.ciUpper()).isPositive();
    }

    @Test
    void stratumRejectsImpossibleCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Stratum(5, 6, 5, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Stratum(5, 1, 5, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Stratum(-1, 0, 5, 1));
    }

    static List<Stratum> randomStrata(Random random, int count, boolean nearBoundary) {
        List<Stratum> strata = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long[] t = RandomTables.next(random, nearBoundary);
            strata.add(new Stratum(t[0], t[1], t[2], t[3]));
        }
        return strata;
    }
}
