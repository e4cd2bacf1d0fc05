package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden vectors are a committed copy of /work/shared/spec/assignment-layout-vectors.csv. */
class BucketLayoutTest {

    record LayoutVector(String experimentKey, String holdoutPercent, String championPct, String challengers,
                        String customerId, int bucket, String variant) {

        BucketLayout layout() {
            List<Arm> arms = challengers.isEmpty() ? List.of() : Arrays.stream(challengers.split(";"))
                    .map(s -> s.split("=")).map(kv -> new Arm(kv[0], new BigDecimal(kv[1]))).toList();
            return new BucketLayout(new BigDecimal(holdoutPercent), new BigDecimal(championPct), arms);
        }
    }

    static Stream<LayoutVector> layoutVectors() throws IOException {
        return BucketHashTest.readCsv("/assignment/assignment-layout-vectors.csv").stream().map(f ->
                new LayoutVector(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), f[6]));
    }

    @ParameterizedTest
    @MethodSource("layoutVectors")
    void reproducesEveryGoldenLayoutVector(LayoutVector v) {
        int bucket = BucketHash.bucket(v.experimentKey(), v.customerId());
        assertThat(bucket).as("bucket").isEqualTo(v.bucket());
        assertThat(v.layout().variantOf(bucket)).as("variant of bucket %d", bucket).isEqualTo(v.variant());
    }

    @Test
    void readsAllGoldenLayoutVectors() throws IOException {
        assertThat(layoutVectors().count()).isEqualTo(200);
    }

    @Test
    void placesHoldoutFirstThenChampionThenChallengersInOrder() {
        BucketLayout layout = layout("10", "50", "gbm-v2", "30", "nn-v1", "20");
        // H = 1000; b = 1000 + 9000*50/100 = 5500, 1000 + 9000*80/100 = 8200, 10000.
        assertThat(layout.variantOf(0)).isEqualTo(BucketLayout.HOLDOUT);
        assertThat(layout.variantOf(999)).isEqualTo(BucketLayout.HOLDOUT);
        assertThat(layout.variantOf(1000)).isEqualTo(BucketLayout.CHAMPION);
        assertThat(layout.variantOf(5499)).isEqualTo(BucketLayout.CHAMPION);
        assertThat(layout.variantOf(5500)).isEqualTo("gbm-v2");
        assertThat(layout.variantOf(8199)).isEqualTo("gbm-v2");
        assertThat(layout.variantOf(8200)).isEqualTo("nn-v1");
        assertThat(layout.variantOf(9999)).isEqualTo("nn-v1");
    }

    @Test
    void roundsBoundariesHalfUpInExactDecimalArithmetic() {
        // H = round(5.555*100 = 555.5) = 556; b0 = 556 + round(9444*33.33/100 = 3147.6852) = 3704;
        // b1 = 556 + round(9444*66.66/100 = 6295.3704) = 6851.
        BucketLayout layout = layout("5.555", "33.33", "m-a", "33.33", "m-b", "33.34");
        assertThat(layout.expectedShares()).containsExactly(
                entry(BucketLayout.HOLDOUT, 0.0556), entry(BucketLayout.CHAMPION, 0.3148),
                entry("m-a", 0.3147), entry("m-b", 0.3149));
        // An exact .5 rounds up: 1 bucket left, 50% of it = 0.5 -> 1 bucket to the champion.
        assertThat(layout("99.99", "50", "m-x", "50").expectedShares()).containsExactly(
                entry(BucketLayout.HOLDOUT, 0.9999), entry(BucketLayout.CHAMPION, 0.0001), entry("m-x", 0.0));
    }

    @Test
    void expectedSharesIncludeArmsWithoutBuckets() {
        assertThat(layout("0", "100", "dark", "0").expectedShares()).containsExactly(
                entry(BucketLayout.HOLDOUT, 0.0), entry(BucketLayout.CHAMPION, 1.0), entry("dark", 0.0));
        assertThat(layout("100", "100").expectedShares()).containsExactly(
                entry(BucketLayout.HOLDOUT, 1.0), entry(BucketLayout.CHAMPION, 0.0));
    }

    @Test
    void armWithZeroPercentNeverReceivesABucket() {
        BucketLayout layout = layout("0", "60", "dark", "0", "live", "40");
        for (int b = 0; b < BucketHash.BUCKETS; b++) {
            assertThat(layout.variantOf(b)).isNotEqualTo("dark");
        }
    }

    @Test
    void splitsSequentialCustomersWithinHalfAPointOfTheConfiguredShares() {
        assertSharesWithinHalfPoint("dist-50-50", layout("0", "50", "c", "50"));
        assertSharesWithinHalfPoint("dist-holdout", layout("10", "80", "c", "20"));
        assertSharesWithinHalfPoint("dist-three", layout("0", "33.33", "a", "33.33", "b", "33.34"));
    }

    private static void assertSharesWithinHalfPoint(String key, BucketLayout layout) {
        int customers = 100_000;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 1; i <= customers; i++) {
            counts.merge(layout.variantOf(BucketHash.bucket(key, String.format("CUST%06d", i))), 1, Integer::sum);
        }
        layout.expectedShares().forEach((variant, share) -> assertThat(
                counts.getOrDefault(variant, 0) / (double) customers)
                .as("share of %s in %s", variant, key).isCloseTo(share, org.assertj.core.data.Offset.offset(0.005)));
    }

    @Test
    void rejectsSplitThatDoesNotSumTo100() {
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", "c", "49.99"))
                .withMessageContaining("sum to exactly 100");
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", "c", "50.01"));
    }

    @Test
    void rejectsPercentagesOutsideZeroTo100() {
        assertThatIllegalArgumentException().isThrownBy(() -> layout("-1", "100"));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("100.01", "100"));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "110", "c", "-10"));
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketLayout(null, BigDecimal.TEN, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketLayout(BigDecimal.ZERO, null, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", "c", null));
    }

    @Test
    void rejectsMissingDuplicateOrReservedChallengerVariants() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new BucketLayout(BigDecimal.ZERO, BigDecimal.valueOf(100), null));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", "c", "25", "c", "25"));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", BucketLayout.CHAMPION, "50"));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", BucketLayout.HOLDOUT, "50"));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", " ", "50"));
        assertThatIllegalArgumentException().isThrownBy(() -> layout("0", "50", null, "50"));
    }

    @Test
    void rejectsBucketsOutsideTheRange() {
        BucketLayout layout = layout("0", "100");
        assertThatIllegalArgumentException().isThrownBy(() -> layout.variantOf(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> layout.variantOf(10_000));
    }

    /** layout(holdout, champion, variant1, pct1, variant2, pct2, ...). */
    private static BucketLayout layout(String holdout, String champion, String... challengers) {
        List<Arm> arms = new java.util.ArrayList<>();
        for (int i = 0; i < challengers.length; i += 2) {
            arms.add(new Arm(challengers[i], challengers[i + 1] == null ? null : new BigDecimal(challengers[i + 1])));
        }
        return new BucketLayout(new BigDecimal(holdout), new BigDecimal(champion), arms);
    }
}
