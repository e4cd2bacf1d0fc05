package dev.verdict.stats;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.assertClose;
import static dev.verdict.stats.GoldenCsv.doubleOf;
import static dev.verdict.stats.GoldenCsv.longOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TwoProportionZTestTest {

    @Test
    void zTestMatchesHighPrecisionReferenceIncludingTinyPValues() {
        int tiny = 0;
        for (Map<String, String> row : GoldenCsv.rows("ztest.csv")) {
            ZTestResult result = TwoProportionZTest.test(longOf(row, "nT"), longOf(row, "xT"), longOf(row, "nC"),
                    longOf(row, "xC"));
            String what = "z-test " + row;
            String reason = row.get("reason");
            assertThat(result.reason()).as(what).isEqualTo(reason.isEmpty() ? null : reason);
            if (row.get("z").isEmpty()) {
                assertThat(result.zScore()).as(what).isNull();
                assertThat(result.pValue()).as(what).isNull();
                continue;
            }
            assertClose(result.zScore(), doubleOf(row, "z"), what + " z");
            assertClose(result.pValue(), doubleOf(row, "pValue"), what + " p");
            if (doubleOf(row, "pValue") < 1e-290) {
                tiny++;
            }
        }
        assertThat(tiny).as("golden rows with p-values near 1e-300").isGreaterThanOrEqualTo(2);
    }

    @Test
    void noVarianceGivesZeroScoreAndPValueOne() {
        assertThat(TwoProportionZTest.test(10, 0, 20, 0)).isEqualTo(new ZTestResult(0.0, 1.0, "ZERO_VARIANCE"));
        assertThat(TwoProportionZTest.test(10, 10, 20, 20)).isEqualTo(new ZTestResult(0.0, 1.0, "ZERO_VARIANCE"));
    }

    @Test
    void emptyArmAndImpossibleCountsHaveNoStatistic() {
        assertThat(TwoProportionZTest.test(0, 0, 20, 3)).isEqualTo(new ZTestResult(null, null, "EMPTY_ARM"));
        assertThat(TwoProportionZTest.test(10, 3, 0, 0)).isEqualTo(new ZTestResult(null, null, "EMPTY_ARM"));
        assertThat(TwoProportionZTest.test(10, 11, 20, 3).reason()).isEqualTo("INVALID_INPUT");
        assertThat(TwoProportionZTest.test(10, 1, 20, -3).reason()).isEqualTo("INVALID_INPUT");
        assertThat(TwoProportionZTest.test(-10, 0, 20, 3).reason()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void swappingArmsFlipsTheSignOnly() {
        ZTestResult forward = TwoProportionZTest.test(1000, 130, 1200, 100);
        ZTestResult backward = TwoProportionZTest.test(1200, 100, 1000, 130);
        assertThat(backward.zScore()).isCloseTo(-forward.zScore(), within(1e-14));
        assertThat(backward.pValue()).isCloseTo(forward.pValue(), within(1e-15));
    }
}
