package dev.verdict.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split guards itself: exact decimals that sum to 100, the holdout apart, the refusal showing the arithmetic. */
class SplitTest {

    @Test
    void keepsPercentagesWithoutTrailingZeros() {
        Split split = new Split(new BigDecimal("50.00"), List.of(challenger("m1", "50.0")), new BigDecimal("10.0"));

        assertThat(split.championPct()).isEqualTo(new BigDecimal("50"));
        assertThat(split.challengers()).containsExactly(new Challenger("m1", new BigDecimal("50")));
        assertThat(split.holdoutPct()).isEqualTo(new BigDecimal("10"));
    }

    @Test
    void refusesASplitThatDoesNotSumTo100AndShowsTheArithmetic() {
        assertRefused(() -> new Split(pct("33.33"), List.of(challenger("m1", "33.33"), challenger("m2", "33.33")),
                        BigDecimal.ZERO), "INVALID_TRAFFIC_SPLIT",
                "Traffic split must sum to 100: championPct 33.33 + challengers (33.33 + 33.33) = 66.66 = 99.99; "
                        + "must equal 100");
    }

    @Test
    void namesTheDefaultChampionShareWhenItWasNotGiven() {
        assertRefused(() -> Split.withDefaultChampionShare(List.of(), BigDecimal.ZERO), "INVALID_TRAFFIC_SPLIT",
                "championPct 80 (default) + challengers 0 = 80; must equal 100");
        assertThat(Split.withDefaultChampionShare(List.of(challenger("m1", "20")), BigDecimal.ZERO).championPct())
                .isEqualByComparingTo("80");
    }

    @Test
    void holdsOutTrafficOutsideThe100PercentSum() {
        assertThat(new Split(pct("100"), List.of(), pct("10")).holdoutPct()).isEqualByComparingTo("10");
        assertRefused(() -> new Split(pct("90"), List.of(), pct("10")), "INVALID_TRAFFIC_SPLIT", "= 90");
    }

    @Test
    void refusesPercentagesOutside0To100OrWithMoreThanTwoDecimals() {
        assertRefused(() -> new Split(pct("100.01"), List.of(), BigDecimal.ZERO), "VALIDATION_FAILED",
                "trafficSplit.championPct: must be a number from 0 to 100");
        assertRefused(() -> new Split(pct("50"), List.of(challenger("m1", "49.995"), challenger("m2", "0.005")),
                BigDecimal.ZERO), "VALIDATION_FAILED", "challengers[0].trafficPct: must have at most two decimal");
        assertRefused(() -> new Split(pct("100"), List.of(), pct("-1")), "VALIDATION_FAILED", "holdoutPercent");
    }

    @Test
    void refusesAChallengerWithoutAModel() {
        assertRefused(() -> new Split(pct("50"), Arrays.asList(challenger("m1", "25"), null), BigDecimal.ZERO),
                "VALIDATION_FAILED", "challengers[1].modelId: is required");
        assertRefused(() -> new Split(pct("50"), List.of(challenger(" ", "50")), BigDecimal.ZERO),
                "VALIDATION_FAILED", "challengers[0].modelId: is required");
    }

    @Test
    void refusesMoreThanAHundredChallengers() {
        List<Challenger> many = java.util.stream.IntStream.range(0, 101).mapToObj(i -> challenger("m" + i, "0"))
                .toList();

        assertRefused(() -> new Split(pct("100"), many, BigDecimal.ZERO), "VALIDATION_FAILED",
                "challengers: must have at most 100 entries");
    }

    @Test
    void seesThatBucketsMoveOnlyWhenAShareChanges() {
        Split split = new Split(pct("50"), List.of(challenger("m1", "50")), BigDecimal.ZERO);

        assertThat(split.bucketsDifferFrom(new Split(pct("50.0"), List.of(challenger("m1", "50.00")),
                new BigDecimal("0.0")))).isFalse();
        assertThat(split.bucketsDifferFrom(new Split(pct("40"), List.of(challenger("m1", "60")), BigDecimal.ZERO)))
                .isTrue();
        assertThat(split.bucketsDifferFrom(new Split(pct("50"), List.of(challenger("m1", "50")), pct("5"))))
                .isTrue();
    }

    @Test
    void championOnlySendsEveryoneToTheChampion() {
        Split split = Split.championOnly();

        assertThat(split.championPct()).isEqualByComparingTo("100");
        assertThat(split.challengers()).isEmpty();
        assertThat(split.holdoutPct()).isEqualByComparingTo("0");
    }

    private static BigDecimal pct(String value) {
        return new BigDecimal(value);
    }

    private static Challenger challenger(String modelId, String pct) {
        return new Challenger(modelId, new BigDecimal(pct));
    }

    private static void assertRefused(Runnable action, String code, String messagePart) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).as("error code of: " + e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
