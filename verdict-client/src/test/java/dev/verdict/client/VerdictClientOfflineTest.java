package dev.verdict.client;

import static dev.verdict.client.TestFeeds.experiment;
import static dev.verdict.client.TestFeeds.feed;
import static dev.verdict.client.TestFeeds.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.SdkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's behaviour from a fixed feed, with no server: what {@code assign} answers and what it counts. */
class VerdictClientOfflineTest {

    private static final SdkConfig FEED = feed(
            experiment("ramp", version(1, "10", "50", "c", "50"), version(2, "10", "70", "c", "30")),
            experiment("paused", "paused", version(1, "0", "50", "c", "50")));
    private static final BucketLayout RAMP_V1 = new BucketLayout(new java.math.BigDecimal("10"),
            new java.math.BigDecimal("50"), List.of(new dev.verdict.core.Arm("c", new java.math.BigDecimal("50"))));
    private static final BucketLayout RAMP_V2 = new BucketLayout(new java.math.BigDecimal("10"),
            new java.math.BigDecimal("70"), List.of(new dev.verdict.core.Arm("c", new java.math.BigDecimal("30"))));

    private final List<ClientError> errors = new CopyOnWriteArrayList<>();

    private VerdictClient client(SdkConfig config, int queueSize) {
        return VerdictClient.builder(TestFeeds.NOWHERE, "unused").offline().initialConfig(config)
                .exposureQueueSize(queueSize).listener(new VerdictListener() {
                    @Override
                    public void onError(ClientError error) {
                        errors.add(error);
                    }
                }).build();
    }

    private static double count(MeterRegistry r, String name, String tag, String value) {
        return r.get(name).tag(tag, value).counter().count();
    }

    private static String customerIn(BucketLayout v1, BucketLayout v2, boolean moved) {
        for (int i = 0; ; i++) {
            String c = "C" + i;
            int b = BucketHash.bucket("ramp", c);
            if (v1.variantOf(b).equals(v2.variantOf(b)) != moved) {
                return c;
            }
        }
    }

    @Test
    void answersLocallyWhereEveryLiveVersionAgreesAndQueuesAnExposure() {
        try (VerdictClient client = client(FEED, 100)) {
            String stable = customerIn(RAMP_V1, RAMP_V2, false);
            AssignmentResult a = client.assign("ramp", stable);
            assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
            assertThat(a.variant()).isEqualTo(RAMP_V2.variantOf(BucketHash.bucket("ramp", stable)));
            assertThat(a.configVersion()).isEqualTo(2);
            assertThat(a.phase()).isEqualTo(1);
            assertThat(client.meterRegistry().get("verdict.client.exposures.queue.depth").gauge().value())
                    .isEqualTo(1.0);
            assertThat(count(client.meterRegistry(), "verdict.client.assignments", "source", "local")).isEqualTo(1);
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void aMovedBucketGetsTheNewestVersionsVariantMarkedFallbackWhenTheServerCannotBeAsked() {
        try (VerdictClient client = client(FEED, 100)) {
            String moved = customerIn(RAMP_V1, RAMP_V2, true);
            AssignmentResult a = client.assign("ramp", moved);
            assertThat(a.source()).isEqualTo(AssignmentSource.FALLBACK);
            assertThat(a.variant()).isEqualTo(RAMP_V2.variantOf(BucketHash.bucket("ramp", moved)));
            assertThat(a.configVersion()).isEqualTo(2);
            assertThat(errors).extracting(ClientError::kind).containsExactly(ClientError.Kind.SERVER_ASSIGN);
            assertThat(count(client.meterRegistry(), "verdict.client.assignments", "source", "fallback")).isEqualTo(1);
            assertThat(client.meterRegistry().get("verdict.client.exposures.queue.depth").gauge().value())
                    .as("a fallback is not reported").isZero();
        }
    }

    @Test
    void aPausedExperimentAnswersTheChampionLocallyAndReportsNothing() {
        try (VerdictClient client = client(FEED, 100)) {
            for (int i = 0; i < 50; i++) {
                AssignmentResult a = client.assign("paused", "P" + i);
                assertThat(a.variant()).isEqualTo(BucketLayout.CHAMPION);
                assertThat(a.modelId()).isEqualTo("m-champion");
                assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
            }
            assertThat(client.meterRegistry().get("verdict.client.exposures.queue.depth").gauge().value()).isZero();
        }
    }

    @Test
    void anUnknownExperimentAnswersTheChampionWithoutAModelMarkedFallbackAndTellsTheListener() {
        try (VerdictClient client = client(FEED, 100)) {
            AssignmentResult a = client.assign("no-such-experiment", "C1");
            assertThat(a).isSameAs(VerdictClient.UNKNOWN_EXPERIMENT);
            assertThat(a.variant()).isEqualTo(BucketLayout.CHAMPION);
            assertThat(a.modelId()).isNull();
            assertThat(a.source()).isEqualTo(AssignmentSource.FALLBACK);
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(ClientError.Kind.UNKNOWN_EXPERIMENT);
                assertThat(e.experimentKey()).isEqualTo("no-such-experiment");
            });
        }
    }

    @Test
    void withoutAnyConfigurationItIsNotReadyAndAnswersTheUnknownExperimentFallback() {
        try (VerdictClient client = VerdictClient.builder(TestFeeds.NOWHERE, "k").offline()
                .listener(new VerdictListener() { }).build()) {
            assertThat(client.awaitReady(Duration.ofMillis(10))).isEqualTo(ReadyStatus.NOT_READY);
            assertThat(client.assign("ramp", "C1")).isSameAs(VerdictClient.UNKNOWN_EXPERIMENT);
            assertThat(client.configRevision()).isNull();
            assertThat(client.meterRegistry().get("verdict.client.config.age").gauge().value()).isNaN();
        }
    }

    @Test
    void anInitialConfigurationIsReadyAtOnceAsABootstrap() {
        try (VerdictClient client = client(FEED, 100)) {
            assertThat(client.awaitReady(Duration.ofSeconds(5))).isEqualTo(ReadyStatus.READY_FROM_BOOTSTRAP);
            assertThat(client.configRevision()).isEqualTo("rev-test");
        }
    }

    @Test
    void customerIdsThatAreNullBlankOrLongerThan256AreProgrammingErrors() {
        try (VerdictClient client = client(FEED, 100)) {
            assertThatIllegalArgumentException().isThrownBy(() -> client.assign("ramp", null));
            assertThatIllegalArgumentException().isThrownBy(() -> client.assign("ramp", ""));
            assertThatIllegalArgumentException().isThrownBy(() -> client.assign("ramp", " \t"));
            assertThatIllegalArgumentException().isThrownBy(() -> client.assign("ramp", "x".repeat(257)));
            assertThatIllegalArgumentException().isThrownBy(() -> client.assign(null, "C1"));
            assertThat(client.assign("ramp", "x".repeat(256)).variant()).isNotNull();
        }
    }

    @Test
    void aFullQueueDropsTheOldestExposuresAndCountsThemWhileAssignKeepsAnswering() {
        try (VerdictClient client = client(feed(experiment("one", version(1, "0", "50", "c", "50"))), 10)) {
            int answered = 0;
            for (int i = 0; i < 1_000; i++) {
                if (client.assign("one", "C" + i).source() == AssignmentSource.LOCAL) {
                    answered++;
                }
            }
            assertThat(answered).isEqualTo(1_000);
            assertThat(count(client.meterRegistry(), "verdict.client.exposures.dropped", "reason", "overflow"))
                    .isEqualTo(990);
            assertThat(client.meterRegistry().get("verdict.client.exposures.queue.depth").gauge().value())
                    .isEqualTo(10);
        }
    }

    @Test
    void readsTheBootstrapFileAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("feed.json");
        Files.write(file, VerdictHttp.JSON.writeValueAsBytes(FEED));
        try (VerdictClient client = VerdictClient.builder(TestFeeds.NOWHERE, "k").offline().bootstrapFile(file)
                .listener(new VerdictListener() { }).build()) {
            assertThat(client.readyStatus()).isEqualTo(ReadyStatus.READY_FROM_BOOTSTRAP);
            assertThat(client.assign("paused", "C1").variant()).isEqualTo(BucketLayout.CHAMPION);
            assertThat(client.meterRegistry().get("verdict.client.config.age").gauge().value()).isNotNaN();
        }
    }

    @Test
    void anUnreadableBootstrapFileIsReportedAndTheClientStartsWithout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("feed.json");
        Files.writeString(file, "{ not json", StandardCharsets.UTF_8);
        try (VerdictClient client = VerdictClient.builder(TestFeeds.NOWHERE, "k").offline().bootstrapFile(file)
                .listener(new VerdictListener() {
                    @Override
                    public void onError(ClientError error) {
                        errors.add(error);
                    }
                }).build()) {
            assertThat(client.readyStatus()).isEqualTo(ReadyStatus.NOT_READY);
            assertThat(errors).extracting(ClientError::kind).containsExactly(ClientError.Kind.BOOTSTRAP_READ);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakAssign() {
        try (VerdictClient client = VerdictClient.builder(TestFeeds.NOWHERE, "k").offline().initialConfig(FEED)
                .listener(new VerdictListener() {
                    @Override
                    public void onError(ClientError error) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build()) {
            assertThat(client.assign("nope", "C1")).isSameAs(VerdictClient.UNKNOWN_EXPERIMENT);
        }
    }

    @Test
    void refusesOptionsOutsideTheirRange() {
        VerdictClient.Builder b = VerdictClient.builder(TestFeeds.NOWHERE, "k");
        assertThatIllegalArgumentException().isThrownBy(() -> b.exposureBatchSize(1_001));
        assertThatIllegalArgumentException().isThrownBy(() -> b.exposureBatchSize(0));
        assertThatIllegalArgumentException().isThrownBy(() -> b.exposureQueueSize(0));
        assertThatIllegalArgumentException().isThrownBy(() -> b.pollInterval(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> b.serverAssignTimeout(Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> VerdictClient.builder(TestFeeds.NOWHERE, " "));
        assertThatIllegalArgumentException().isThrownBy(() -> VerdictClient.builder(java.net.URI.create("/relative"), "k"));
        assertThatIllegalArgumentException().isThrownBy(() -> VerdictClient.builder(java.net.URI.create("ftp://h"), "k"));
    }

    @Test
    void theLocalPathAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (VerdictClient client = client(FEED, 10_000)) {
            String[] stable = new String[1_000];
            for (int i = 0, n = 0; n < stable.length; i++) {
                String c = "S" + i;
                int b = BucketHash.bucket("ramp", c);
                if (RAMP_V1.variantOf(b).equals(RAMP_V2.variantOf(b))) {
                    stable[n++] = c;
                }
            }
            for (int round = 0; round < 30; round++) {   // warm up, fill the queue and start dropping
                for (String c : stable) {
                    client.assign("ramp", c);
                }
            }
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            int local = 0;
            for (int round = 0; round < 100; round++) {
                for (String c : stable) {
                    if (client.assign("ramp", c).source() == AssignmentSource.LOCAL) {
                        local++;
                    }
                }
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(local).isEqualTo(100_000);
            assertThat(allocated).as("bytes allocated by 100,000 local assignments").isZero();
        }
    }
}
