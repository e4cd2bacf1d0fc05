package dev.verdict.stats;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.verdict.stats.GoldenCsv.assertClose;
import static dev.verdict.stats.GoldenCsv.doubleOf;
import static dev.verdict.stats.GoldenCsv.longOf;
import static org.assertj.core.api.Assertions.assertThat;

class WilsonTest {

    @Test
    void wilsonMatchesReferenceValues() {
        for (Map<String, String> row : GoldenCsv.rows("wilson.csv")) {
            RateInterval interval = Wilson.interval(longOf(row, "n"), longOf(row, "x"), doubleOf(row, "confidence"));
            String what = "Wilson " + row;
            assertThat(interval.reason()).as(what).isNull();
            assertClose(interval.rate(), doubleOf(row, "rate"), what + " rate");
            assertClose(interval.lower(), doubleOf(row, "lower"), what + " lower");
            assertClose(interval.upper(), doubleOf(row, "upper"), what + " upper");
        }
    }

    @Test
    void emptyArmHasNoRateAndNoInterval() {
        assertThat(Wilson.interval(0, 0, 0.95)).isEqualTo(new RateInterval(null, null, null, "EMPTY_ARM"));
    }

    @Test
    void impossibleCountsAndConfidencesAreInvalidInput() {
        assertThat(Wilson.interval(10, 11, 0.95).reason()).isEqualTo("INVALID_INPUT");
        assertThat(Wilson.interval(10, -1, 0.95).reason()).isEqualTo("INVALID_INPUT");
        assertThat(Wilson.interval(-1, 0, 0.95).reason()).isEqualTo("INVALID_INPUT");
        assertThat(Wilson.interval(10, 5, 1.0).reason()).isEqualTo("INVALID_INPUT");
        assertThat(Wilson.interval(10, 5, Double.NaN).reason()).isEqualTo("INVALID_INPUT");
        assertThat(Wilson.interval(10, 5, 0.0).rate()).isNull();
    }

    @Test
    void noConversionsStartsAtZeroAndAllConvertedEndsAtOne() {
        assertThat(Wilson.interval(1_000_000_000L, 0, 0.95).lower()).isZero();
        assertThat(Wilson.interval(1_000_000_000L, 1_000_000_000L, 0.95).upper()).isEqualTo(1.0);
        assertThat(Wilson.interval(1, 1, 0.999).lower()).isBetween(0.0, 1.0);
    }
}
