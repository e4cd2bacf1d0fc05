package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors are committed copies of /work/shared/spec/assignment-hash-vectors.csv (produced by the spec's
 * independent reference implementation), loaded from the classpath so the build does not depend on outside folders.
 */
class BucketHashTest {

    record HashVector(String experimentKey, String customerId, long fnv1a32, long fmix32, int bucket) {
    }

    static Stream<HashVector> hashVectors() throws IOException {
        return readCsv("/assignment/assignment-hash-vectors.csv").stream().map(f -> new HashVector(
                f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4])));
    }

    @ParameterizedTest
    @MethodSource("hashVectors")
    void reproducesEveryGoldenHashVector(HashVector v) {
        byte[] bytes = (v.experimentKey() + ":" + v.customerId()).getBytes(StandardCharsets.UTF_8);
        int fnv = BucketHash.fnv1a32(bytes);
        assertThat(Integer.toUnsignedLong(fnv)).as("fnv1a32").isEqualTo(v.fnv1a32());
        assertThat(Integer.toUnsignedLong(BucketHash.fmix32(fnv))).as("fmix32").isEqualTo(v.fmix32());
        assertThat(BucketHash.fnv1a32Utf8(v.experimentKey(), v.customerId())).as("incremental fnv1a32").isEqualTo(fnv);
        assertThat(BucketHash.bucket(v.experimentKey(), v.customerId())).as("bucket").isEqualTo(v.bucket());
    }

    @Test
    void readsAllGoldenHashVectors() throws IOException {
        assertThat(hashVectors().count()).isEqualTo(28);
    }

    @Test
    void incrementalUtf8HashEqualsHashingTheConcatenatedBytesForAnyUnicodeIncludingLoneSurrogates() {
        SplittableRandom random = new SplittableRandom(42);
        char[] interesting = {'a', 'Z', ':', '\t', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '客',
                '\ud83d', '\ude00', '\udbff', '\udfff', '\ud800', '\udc00'};
        for (int i = 0; i < 20_000; i++) {
            String key = randomString(random, interesting);
            String id = randomString(random, interesting);
            int expected = BucketHash.fnv1a32((key + ":" + id).getBytes(StandardCharsets.UTF_8));
            assertThat(BucketHash.fnv1a32Utf8(key, id))
                    .as("key=%s id=%s", escape(key), escape(id)).isEqualTo(expected);
        }
    }

    @Test
    void hashesSupplementaryCharactersAsFourUtf8Bytes() {
        String emoji = "cust-\uD83D\uDE00"; // U+1F600
        assertThat(BucketHash.fnv1a32Utf8("exp", emoji))
                .isEqualTo(BucketHash.fnv1a32(("exp:" + emoji).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bucketIsAlwaysWithinZeroTo9999() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            int bucket = BucketHash.bucket("exp", Long.toString(random.nextLong()));
            assertThat(bucket).isBetween(0, 9999);
        }
    }

    @Test
    void assignmentsInTwoExperimentsAreIndependent() {
        long[][] table = crossTabulate(BucketHash::bucket);
        double pValue = new ChiSquareTest().chiSquareTest(table);
        assertThat(pValue).as("2x2 independence p-value, table %s", java.util.Arrays.deepToString(table))
                .isGreaterThan(0.001);
    }

    @Test
    void plainFnv1aWithoutTheFinaliserWouldCorrelateExperimentsWhichIsWhyTheFinaliserIsThere() {
        long[][] table = crossTabulate((key, id) -> Integer.remainderUnsigned(
                BucketHash.fnv1a32((key + ":" + id).getBytes(StandardCharsets.UTF_8)), BucketHash.BUCKETS));
        ChiSquareTest test = new ChiSquareTest();
        // Measured independently (python3, scipy chi2_contingency without continuity correction): chi-square 64.0.
        assertThat(test.chiSquare(table)).as("chi-square of %s", java.util.Arrays.deepToString(table))
                .isGreaterThan(50);
        assertThat(test.chiSquareTest(table)).isLessThan(1e-9);
    }

    interface BucketFunction {
        int bucket(String experimentKey, String customerId);
    }

    /** Variants of 100,000 sequential customers in exp-a (rows) against exp-b (columns), both 50/50. */
    private static long[][] crossTabulate(BucketFunction hash) {
        BucketLayout layout = new BucketLayout(java.math.BigDecimal.ZERO, new java.math.BigDecimal("50"),
                List.of(new Arm("challenger", new java.math.BigDecimal("50"))));
        long[][] table = new long[2][2];
        for (int i = 1; i <= 100_000; i++) {
            String id = String.format("CUST%06d", i);
            int a = BucketLayout.CHAMPION.equals(layout.variantOf(hash.bucket("exp-a", id))) ? 0 : 1;
            int b = BucketLayout.CHAMPION.equals(layout.variantOf(hash.bucket("exp-b", id))) ? 0 : 1;
            table[a][b]++;
        }
        return table;
    }

    private static String randomString(SplittableRandom random, char[] interesting) {
        int length = random.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(random.nextInt(3) == 0 ? (char) random.nextInt(0x10000) : interesting[random.nextInt(interesting.length)]);
        }
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04x", c)));
        return sb.toString();
    }

    static List<String[]> readCsv(String resource) throws IOException {
        try (InputStream in = BucketHashTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("classpath resource %s", resource).isNotNull();
            // The vectors contain no quoted fields; a tab and non-ASCII text appear but no comma inside a field.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .filter(line -> !line.isEmpty()).map(line -> line.split(",", -1)).toList();
        }
    }
}
