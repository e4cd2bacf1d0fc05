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
}
