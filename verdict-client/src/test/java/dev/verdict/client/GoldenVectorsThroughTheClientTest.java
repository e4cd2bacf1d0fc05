package dev.verdict.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.SdkConfig;
import dev.verdict.core.SdkConfig.ChallengerConfig;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import dev.verdict.core.SdkConfig.ModelConfig;
import dev.verdict.core.SdkConfig.VersionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed golden vectors of assignment.md (spec/, produced by the spec's independent reference implementation)
 * run through the client's compiled feed: a feed built here from each vector's layout gives exactly the golden
 * variant, locally.
 */
class GoldenVectorsThroughTheClientTest {

    record HashVector(String experimentKey, String customerId, int bucket) { }

    record LayoutVector(String experimentKey, String holdoutPercent, String championPct, String challengers,
                        String customerId, String variant) { }

    static Stream<HashVector> hashVectors() throws IOException {
        return readCsv("/assignment/assignment-hash-vectors.csv").stream()
                .map(f -> new HashVector(f[0], f[1], Integer.parseInt(f[4])));
    }

    static Stream<LayoutVector> layoutVectors() throws IOException {
        return readCsv("/assignment/assignment-layout-vectors.csv").stream()
                .map(f -> new LayoutVector(f[0], f[1], f[2], f[3], f[4], f[6]));
    }

    /** One experiment per key whose layout gives every bucket its own variant, named after the bucket. */
    private static VerdictClient bucketNamingClient;

    @BeforeAll
    static void compileOneVariantPerBucket() throws IOException {
        List<ChallengerConfig> arms = new ArrayList<>();
        List<ModelConfig> models = new ArrayList<>();
        models.add(new ModelConfig("__champion__", "m-0", "b0"));
        BigDecimal oneBucket = new BigDecimal("0.01");
        for (int b = 1; b < 10_000; b++) {
            arms.add(new ChallengerConfig("b" + b, "m-" + b, oneBucket));
            models.add(new ModelConfig("b" + b, "m-" + b, "b" + b));
        }
        VersionConfig version = new VersionConfig(1, Instant.EPOCH, BigDecimal.ZERO, oneBucket, arms, models);
        Set<String> keys = hashVectors().map(HashVector::experimentKey).collect(Collectors.toCollection(LinkedHashSet::new));
        List<ExperimentConfig> experiments = keys.stream()
                .map(k -> new ExperimentConfig("id-" + k, k, "active", 1, 1, List.of(version))).toList();
        bucketNamingClient = TestFeeds.offline(new SdkConfig("rev", 3600, experiments));
    }

    @AfterAll
    static void close() {
        bucketNamingClient.close();
    }

    @ParameterizedTest
    @MethodSource("hashVectors")
    void assignsEveryGoldenHashVectorToItsGoldenBucket(HashVector v) {
        AssignmentResult a = bucketNamingClient.assign(v.experimentKey(), v.customerId());
        String expected = v.bucket() == 0 ? "__champion__" : "b" + v.bucket();
        assertThat(a.variant()).as("variant naming the bucket of %s", v).isEqualTo(expected);
        assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
    }

    @ParameterizedTest
    @MethodSource("layoutVectors")
    void assignsEveryGoldenLayoutVectorToItsGoldenVariant(LayoutVector v) {
        List<String> challengers = new ArrayList<>();
        if (!v.challengers().isEmpty()) {
            for (String arm : v.challengers().split(";")) {
                challengers.addAll(Arrays.asList(arm.split("=")));
            }
        }
        SdkConfig feed = TestFeeds.feed(TestFeeds.experiment(v.experimentKey(), TestFeeds.version(1,
                v.holdoutPercent(), v.championPct(), challengers.toArray(String[]::new))));
        try (VerdictClient client = TestFeeds.offline(feed)) {
            AssignmentResult a = client.assign(v.experimentKey(), v.customerId());
            assertThat(a.variant()).as("%s", v).isEqualTo(v.variant());
            assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
            assertThat(a.controlGroup()).isEqualTo("__holdout__".equals(v.variant()));
            assertThat(a.configVersion()).isEqualTo(1);
        }
    }

    @Test
    void readsAllGoldenVectors() throws IOException {
        assertThat(hashVectors().count()).isEqualTo(28);
        assertThat(layoutVectors().count()).isEqualTo(200);
        Map<String, Long> perKey = layoutVectors().collect(Collectors.groupingBy(LayoutVector::experimentKey,
                Collectors.counting()));
        assertThat(perKey).hasSize(5);
        assertThat(perKey.values().stream().map(Function.identity())).allMatch(n -> n == 40);
    }

    private static List<String[]> readCsv(String resource) throws IOException {
        try (InputStream in = GoldenVectorsThroughTheClientTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("classpath resource %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .filter(line -> !line.isEmpty()).map(line -> line.split(",", -1)).toList();
        }
    }
}
