package dev.verdict.stats;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** No method returns NaN or infinity for any counts, including empty, all-or-nothing and impossible ones. */
class FiniteResultsTest {

    private static final long[][] DEGENERATE = {{0, 0, 0, 0}, {0, 0, 1, 1}, {1, 0, 0, 0}, {1, 1, 1, 1},
        {1, 0, 1, 0}, {1, 1, 1, 0}, {1_000_000_000L, 0, 1_000_000_000L, 1_000_000_000L}, {5, 6, 5, 1},
        {-1, 0, 5, 1}, {5, -1, 5, 1}, {Long.MAX_VALUE / 4, 3, 7, 7}, {Long.MAX_VALUE / 4, Long.MAX_VALUE / 8, 7, 3}};

    @Test
    void noMethodReturnsNaNOrInfinityForAnyCounts() {
        Random random = new Random(20240602L);
        for (long[] table : DEGENERATE) {
            assertFinite(table);
        }
        for (int i = 0; i < 5000; i++) {
            assertFinite(RandomTables.next(random, i % 3 == 0));
        }
    }

    private static void assertFinite(long[] t) {
        String table = Arrays.toString(t);
        RateInterval wilson = Wilson.interval(t[0], t[1], 0.95);
        assertFiniteOrReason(table + " Wilson", wilson.reason(), wilson.rate(), wilson.lower(), wilson.upper());
        ZTestResult z = TwoProportionZTest.test(t[0], t[1], t[2], t[3]);
        assertFiniteOrReason(table + " z-test", z.reason(), z.zScore(), z.pValue());
        DifferenceInterval d = ScoreInterval.difference(t[0], t[1], t[2], t[3], 0.95);
        assertFiniteOrReason(table + " score interval", d.reason(), d.lower(), d.upper());
        BeatProbability beat = BetaComparison.compare(t[0], t[1], t[2], t[3]);
        assertFiniteOrReason(table + " beta", beat.reason(), beat.probability());
        if (beat.probability() != null) {
            assertThat(beat.probability()).as(table).isBetween(0.0, 1.0);
        }
        if (t[0] >= 0 && t[2] >= 0) {
            ChiSquareResult srm = SampleRatio.goodnessOfFit(new long[] {t[0], t[2]}, new double[] {0.5, 0.5});
            assertThat(srm.chiSquare()).as(table + " SRM").isFinite();
            assertThat(srm.pValue()).as(table + " SRM").isBetween(0.0, 1.0);
        }
    }

    private static void assertFiniteOrReason(String what, String reason, Double... values) {
        boolean anyNull = Arrays.stream(values).anyMatch(v -> v == null);
        if (anyNull) {
            assertThat(reason).as(what + ": null numbers need a reason").isNotBlank();
            assertThat(values).as(what + ": all numbers null together").containsOnlyNulls();
            return;
        }
        for (Double v : values) {
            assertThat(v).as(what).isFinite();
        }
    }
}
