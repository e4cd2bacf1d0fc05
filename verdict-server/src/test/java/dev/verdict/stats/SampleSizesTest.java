package dev.verdict.stats;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.doubleOf;
import static org.assertj.core.api.Assertions.assertThat;

class SampleSizesTest {

    @Test
    void sampleSizesMatchFleissFormulaEvaluatedAt50Digits() {
        for (Map<String, String> row : GoldenCsv.rows("sample_size.csv")) {
            SampleSize size = SampleSizes.twoProportions(doubleOf(row, "baseline"), doubleOf(row, "mde"),
                    doubleOf(row, "alpha"), doubleOf(row, "power"), doubleOf(row, "allocationRatio"));
            String reason = row.get("reason");
            if (!reason.isEmpty()) {
                assertThat(size).as("sample size %s", row).isEqualTo(new SampleSize(null, null, reason));
                continue;
            }
            assertThat(size.reason()).as("sample size %s", row).isNull();
            assertThat(size.control()).as("control for %s", row).isEqualTo(Long.parseLong(row.get("control")));
            assertThat(size.treatment()).as("treatment for %s", row).isEqualTo(Long.parseLong(row.get("treatment")));
        }
    }

    @Test
    void matchesRPowerPropTestForEqualArms() {
        // R's documented example power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.7 per group
        assertThat(SampleSizes.twoProportions(0.5, 0.25, 0.05, 0.9, 1.0)).isEqualTo(new SampleSize(77L, 77L, null));
    }

    @Test
    void floatingNoiseJustAboveAnIntegerDoesNotAddATrial() {
        assertThat(SampleSizes.roundUp(100.00000000001)).isEqualTo(100L);
        assertThat(SampleSizes.roundUp(100.001)).isEqualTo(101L);
    }

    @Test
    void degenerateParametersGiveReasons() {
        assertThat(SampleSizes.twoProportions(0.0, 0.1, 0.05, 0.8, 1).reason()).isEqualTo("BASELINE_DEGENERATE");
        assertThat(SampleSizes.twoProportions(0.3, 0.0, 0.05, 0.8, 1).reason()).isEqualTo("ZERO_EFFECT");
        assertThat(SampleSizes.twoProportions(0.9, 0.1, 0.05, 0.8, 1).reason()).isEqualTo("P2_OUT_OF_RANGE");
        assertThat(SampleSizes.twoProportions(0.3, 0.1, 0.0, 0.8, 1).reason()).isEqualTo("INVALID_INPUT");
        assertThat(SampleSizes.twoProportions(0.3, 0.1, 0.05, 0.8, 0).reason()).isEqualTo("INVALID_INPUT");
        assertThat(SampleSizes.twoProportions(Double.NaN, 0.1, 0.05, 0.8, 1).reason()).isEqualTo("INVALID_INPUT");
        assertThat(SampleSizes.twoProportions(0.5, 1e-12, 0.05, 0.8, 1).reason()).isEqualTo("SAMPLE_SIZE_OVERFLOW");
    }
}
