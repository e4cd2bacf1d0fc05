package dev.verdict.stats;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.assertClose;
import static dev.verdict.stats.GoldenCsv.doubleOf;
import static dev.verdict.stats.GoldenCsv.longOf;
import static org.assertj.core.api.Assertions.assertThat;

class ScoreIntervalTest {

    @Test
    void scoreIntervalMatchesHighPrecisionBisection() {
        for (Map<String, String> row : GoldenCsv.rows("score_interval.csv")) {
            DifferenceInterval interval = ScoreInterval.difference(longOf(row, "nT"), longOf(row, "xT"),
                    longOf(row, "nC"), longOf(row, "xC"), doubleOf(row, "confidence"));
            String what = "score interval " + row;
            assertThat(interval.reason()).as(what).isNull();
            assertClose(interval.lower(), doubleOf(row, "lower"), what + " lower");
            assertClose(interval.upper(), doubleOf(row, "upper"), what + " upper");
        }
    }

    @Test
    void significanceAgreesWithIntervalForRandomTables() {
        Random random = new Random(20240601L);
        double[] confidences = {0.9, 0.95, 0.99};
        int tables = 0;
        int significant = 0;
        for (int i = 0; i < 6000; i++) {
            long[] table = RandomTables.next(random, i % 2 == 0);
            double confidence = confidences[i % confidences.length];
            ZTestResult test = TwoProportionZTest.test(table[0], table[1], table[2], table[3]);
            DifferenceInterval interval = ScoreInterval.difference(table[0], table[1], table[2], table[3], confidence);
            if (test.pValue() == null) {
                assertThat(interval.lower()).as("interval for an empty arm").isNull();
                continue;
            }
            boolean rejects = test.pValue() < 1.0 - confidence;
            boolean excludesZero = interval.lower() > 0 || interval.upper() < 0;
            assertThat(excludesZero)
                    .as("table nT=%d xT=%d nC=%d xC=%d at %s: p=%s, interval [%s, %s]", table[0], table[1], table[2],
                            table[3], confidence, test.pValue(), interval.lower(), interval.upper())
                    .isEqualTo(rejects);
            double observed = (double) table[1] / table[0] - (double) table[3] / table[2];
            assertThat(interval.lower()).as("lower bound of %s", java.util.Arrays.toString(table))
                    .isBetween(-1.0, Math.min(1.0, observed + 1e-15));
            assertThat(interval.upper()).as("upper bound of %s", java.util.Arrays.toString(table))
                    .isBetween(Math.max(-1.0, observed - 1e-15), 1.0);
            tables++;
            significant += rejects ? 1 : 0;
        }
        assertThat(tables).isGreaterThanOrEqualTo(5000);
        assertThat(significant).as("tables that reject, so both outcomes are exercised").isBetween(500, tables - 500);
    }

    @Test
    void scoreStatisticAtZeroIsThePooledZStatistic() {
        long[][] tables = {{1000, 130, 1000, 100}, {7, 7, 100000, 3}, {1_000_000_000L, 500_001_000, 999_999_999L,
            500_000_000}};
        for (long[] t : tables) {
            double z = TwoProportionZTest.test(t[0], t[1], t[2], t[3]).zScore();
            double s = new ScoreStatistic(t[0], t[1], t[2], t[3]).at(0.0);
            assertThat(Math.abs(s - z)).as("S(0) vs pooled z for %s", java.util.Arrays.toString(t))
                    .isLessThanOrEqualTo(1e-12 * Math.max(1.0, Math.abs(z)));
        }
    }

    @Test
    void degenerateTablesGiveReasonsOrFiniteBounds() {
        assertThat(ScoreInterval.difference(0, 0, 10, 1, 0.95)).isEqualTo(new DifferenceInterval(null, null,
                "EMPTY_ARM"));
        assertThat(ScoreInterval.difference(10, 11, 10, 1, 0.95).reason()).isEqualTo("INVALID_INPUT");
        assertThat(ScoreInterval.difference(10, 1, 10, 1, 1.5).reason()).isEqualTo("INVALID_INPUT");
        DifferenceInterval none = ScoreInterval.difference(10, 0, 10, 0, 0.95);
        assertThat(none.lower()).isNegative();
        assertThat(none.upper()).isPositive();
        DifferenceInterval all = ScoreInterval.difference(1, 1, 1, 0, 0.95);
        assertThat(all.upper()).isEqualTo(1.0);
    }
}
