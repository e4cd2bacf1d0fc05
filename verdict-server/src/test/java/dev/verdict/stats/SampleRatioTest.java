package dev.verdict.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.assertClose;
import static dev.verdict.stats.GoldenCsv.doubleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SampleRatioTest {

    @Test
    void goodnessOfFitAndCombineMatchScipyAndMpmath() {
        for (Map<String, String> row : GoldenCsv.rows("chisquare.csv")) {
            ChiSquareResult result;
            if (row.get("kind").equals("gof")) {
                long[] observed = Arrays.stream(row.get("observedOrStatistics").split(";")).mapToLong(Long::parseLong)
                        .toArray();
                result = SampleRatio.goodnessOfFit(observed, GoldenCsv.doubles(row.get("sharesOrDegrees")));
            } else {
                double[] statistics = GoldenCsv.doubles(row.get("observedOrStatistics"));
                String[] degrees = row.get("sharesOrDegrees").split(";");
                List<ChiSquareResult> parts = new ArrayList<>();
                for (int i = 0; i < statistics.length; i++) {
                    int df = Integer.parseInt(degrees[i]);
                    parts.add(new ChiSquareResult(statistics[i], df, SampleRatio.upperTail(statistics[i], df)));
                }
                result = SampleRatio.combine(parts);
            }
            String what = "chi-square " + row;
            double expectedChiSquare = doubleOf(row, "chiSquare");
            if (Math.abs(expectedChiSquare) < 1e-12) {
                // observed equals expected up to the rounding of shares such as 0.9: only absolute error is meaningful
                assertThat(result.chiSquare()).as(what).isCloseTo(expectedChiSquare, within(1e-12));
            } else {
                assertClose(result.chiSquare(), expectedChiSquare, what + " statistic");
            }
            assertThat(result.degreesOfFreedom()).as(what).isEqualTo(Integer.parseInt(row.get("degreesOfFreedom")));
            assertClose(result.pValue(), doubleOf(row, "pValue"), what + " p");
        }
    }

    @Test
    void trafficInAnArmWithZeroShareIsAMismatch() {
        ChiSquareResult result = SampleRatio.goodnessOfFit(new long[] {1000, 1, 1000}, new double[] {0.5, 0, 0.5});
        assertThat(result.pValue()).isZero();
        assertThat(result.chiSquare()).isEqualTo(SampleRatio.IMPOSSIBLE_CHI_SQUARE);
        assertThat(result.degreesOfFreedom()).isEqualTo(1);
        assertThat(result.mismatch()).isTrue();
        ChiSquareResult combined = SampleRatio.combine(List.of(result, result));
        assertThat(combined.chiSquare()).isFinite();
        assertThat(combined.pValue()).isZero();
    }

    @Test
    void noTrafficIsNoEvidence() {
        assertThat(SampleRatio.goodnessOfFit(new long[] {0, 0}, new double[] {0.5, 0.5}))
                .isEqualTo(new ChiSquareResult(0.0, 0, 1.0));
        assertThat(SampleRatio.combine(List.of())).isEqualTo(new ChiSquareResult(0.0, 0, 1.0));
    }

    @Test
    void mismatchFlagsPValuesBelowOnePerMille() {
        assertThat(SampleRatio.MISMATCH_P).isEqualTo(0.001);
        assertThat(SampleRatio.goodnessOfFit(new long[] {5100, 4900}, new double[] {1, 1}).mismatch()).isFalse();
        assertThat(SampleRatio.goodnessOfFit(new long[] {5300, 4700}, new double[] {1, 1}).mismatch()).isTrue();
    }

    @Test
    void malformedArgumentsAreProgrammingErrors() {
        assertThatThrownBy(() -> SampleRatio.goodnessOfFit(new long[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatio.goodnessOfFit(new long[] {1, 2}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatio.goodnessOfFit(new long[] {-1, 2}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
