package dev.verdict.stats;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

class HolmTest {

    @Test
    void holmMatchesStatsmodelsMultipletests() {
        for (Map<String, String> row : GoldenCsv.rows("holm.csv")) {
            double[] expected = GoldenCsv.doubles(row.get("adjusted"));
            double[] actual = Holm.adjust(GoldenCsv.doubles(row.get("pValues")));
            assertThat(actual).as("Holm %s", row).hasSameSizeAs(expected);
            for (int i = 0; i < expected.length; i++) {
                assertClose(actual[i], expected[i], "Holm " + row + " index " + i);
            }
        }
    }

    @Test
    void keepsInputOrderIsMonotoneInRawPValueAndCapsAtOne() {
        double[] adjusted = Holm.adjust(new double[] {0.04, 0.01, 0.03, 0.9});
        assertThat(adjusted).containsExactly(0.09, 0.04, 0.09, 0.9);
        assertThat(Holm.adjust(new double[] {0.6, 0.5})).containsExactly(1.0, 1.0);
    }

    @Test
    void emptyNullAndNaNInputsAreHandled() {
        assertThat(Holm.adjust(new double[0])).isEmpty();
        assertThat(Holm.adjust(null)).isEmpty();
        assertThat(Holm.adjust(new double[] {Double.NaN, 0.01})).containsExactly(1.0, 0.02);
    }
    @Test
    void intervalLevelExcludesExactlyTheHolmRejections() {
        java.util.Random random = new java.util.Random(20240730L);
        double[] alphas = {0.01, 0.05, 0.1, 0.2};
        int rejections = 0;
        for (int t = 0; t < 20000; t++) {
            int m = 1 + random.nextInt(6);
            double alpha = alphas[random.nextInt(alphas.length)];
            double[] p = new double[m];
            for (int i = 0; i < m; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> p[i] = alpha / (1 + random.nextInt(m));   // exactly on a Holm boundary
                    case 1 -> p[i] = i > 0 ? p[random.nextInt(i)] : random.nextDouble();   // a tie
                    case 2 -> p[i] = Double.NaN;
                    case 3 -> p[i] = Math.pow(random.nextDouble(), 4);
                    default -> p[i] = random.nextDouble() * alpha;
                }
            }
            double[] adjusted = Holm.adjust(p);
            double[] levels = Holm.intervalLevels(p, alpha);
            for (int i = 0; i < m; i++) {
                double clean = Double.isNaN(p[i]) ? 1.0 : p[i];
                assertThat(clean < levels[i]).as("p %s alpha %s index %d: adjusted %s, level %s",
                        java.util.Arrays.toString(p), alpha, i, adjusted[i], levels[i]).isEqualTo(adjusted[i] < alpha);
                rejections += adjusted[i] < alpha ? 1 : 0;
            }
        }
        assertThat(rejections).isGreaterThan(10000);
    }

    @Test
    void intervalLevelsFollowTheStepDown() {
        // sorted 0.001 (rank 0, α/4), 0.01 (rank 1, α/3), 0.03 fails at rank 2 (α/2 = 0.025), so it and 0.04 get 0.025
        assertThat(Holm.intervalLevels(new double[] {0.04, 0.001, 0.03, 0.01}, 0.05))
                .containsExactly(0.025, 0.0125, 0.025, 0.05 / 3);
        assertThat(Holm.intervalLevels(new double[] {Double.NaN}, 0.05)).containsExactly(0.05);
        // 3·p and α/3 round to opposite sides here: (3·p < α) != (p < α/3) in doubles.
        double alpha = 0.13957618107747882;
        double[] p = {0.046525393692492936, 0.9, 0.9};
        assertThat(3 * p[0] < alpha).isNotEqualTo(p[0] < alpha / 3);
        assertThat(p[0] < Holm.intervalLevels(p, alpha)[0]).isEqualTo(Holm.adjust(p)[0] < alpha);
        assertThat(Holm.intervalLevels(null, 0.05)).isEmpty();
    }
}
