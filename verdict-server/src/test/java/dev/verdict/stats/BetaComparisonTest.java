package dev.verdict.stats;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.doubleOf;
import static dev.verdict.stats.GoldenCsv.longOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BetaComparisonTest {

    @Test
    void probabilityToBeatMatchesMpmathWithin1e6() {
        for (Map<String, String> row : GoldenCsv.rows("beta.csv")) {
            double actual = BetaComparison.probabilityToBeat(longOf(row, "nT"), longOf(row, "xT"), longOf(row, "nC"),
                    longOf(row, "xC"));
            assertThat(actual).as("P(T beats C) for %s", row).isCloseTo(doubleOf(row, "probability"), within(1e-6));
        }
    }

    @Test
    void quadratureAgreesWithExactSumWhereBothApply() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            long nT = 1 + random.nextInt(3000);
            long nC = 1 + random.nextInt(3000);
            long xT = random.nextInt((int) nT + 1);
            long xC = random.nextInt((int) nC + 1);
            double exact = BetaComparison.compare(nT, xT, nC, xC).probability();
            double viaQuadrature = BetaComparison.byQuadratureForTest(nT, xT, nC, xC);
            assertThat(viaQuadrature).as("quadrature vs exact sum for %d/%d vs %d/%d", xT, nT, xC, nC)
                    .isCloseTo(exact, within(1e-9));
        }
    }

    @Test
    void comparingBothWaysSumsToOne() {
        assertThat(BetaComparison.probabilityToBeat(1000, 130, 1000, 100)
                + BetaComparison.probabilityToBeat(1000, 100, 1000, 130)).isCloseTo(1.0, within(1e-12));
        assertThat(BetaComparison.probabilityToBeat(0, 0, 0, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(BetaComparison.probabilityToBeat(1_000_000_000L, 500_000_000L, 1_000_000_000L, 500_000_000L))
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void billionTrialArmsGiveComplementaryProbabilities() {
        // Their speed is measured in bench/ (StatsBenchmark), not asserted here.
        long[][] tables = {{1_000_000_000L, 500_001_000L, 1_000_000_000L, 500_000_000L},
            {1_000_000L, 300_400L, 1_000_000_000L, 300_000_000L}, {1_000_000_000L, 12_345L, 1_000_000L, 10L},
            {1_000_000_000L, 4_999L, 1_000_000_000L, 5_000L}, {3L, 1L, 1_000_000_000L, 999_999_999L}};
        for (long[] t : tables) {
            double p = BetaComparison.probabilityToBeat(t[0], t[1], t[2], t[3]);
            double q = BetaComparison.probabilityToBeat(t[2], t[3], t[0], t[1]);
            assertThat(p).as("P for %s", java.util.Arrays.toString(t)).isBetween(0.0, 1.0);
            assertThat(p + q).as("both ways for %s", java.util.Arrays.toString(t)).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void impossibleCountsAreRejectedWithAReason() {
        assertThat(BetaComparison.compare(10, 11, 10, 1)).isEqualTo(new BeatProbability(null, "INVALID_INPUT"));
        assertThatThrownBy(() -> BetaComparison.probabilityToBeat(10, -1, 10, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
