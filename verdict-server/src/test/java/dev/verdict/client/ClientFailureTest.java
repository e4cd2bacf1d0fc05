package dev.verdict.client;

import static dev.verdict.client.ClientTestSupport.closedPort;
import static dev.verdict.client.ClientTestSupport.counter;
import static dev.verdict.client.ClientTestSupport.eventually;
import static dev.verdict.client.ClientTestSupport.gauge;
import static dev.verdict.client.ClientTestSupport.local;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.SecondInstance;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The client when the server is down, slow or unchanged, against the real server on PostgreSQL. */
@ApiTest
class ClientFailureTest extends ApiTestBase {

    private static final String KEY = "failure-exp";
    private static final BucketLayout V1 = layout(50, 50);
    private static final BucketLayout V2 = layout(70, 30);

    @Autowired
    private DataSource dataSource;

    private String experiment;
    private String challenger;

    @BeforeEach
    void experiment() {
        String champion = createModel(admin, "failure-champion");
        challenger = createModel(admin, "failure-challenger");
        experiment = anExperiment(KEY).champion(champion, 50).challenger(challenger, 50).holdout(10).active()
                .create(admin);
    }

    private void rampUp() {
        assertThat(admin.put("/api/v1/experiments/" + experiment, Map.of("trafficSplit", Map.of("championPct", 70),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 30)))).status()).isEqualTo(200);
    }

    @Test
    void serverDownAtStartAssignsLocallyFromTheBootstrapFileTheLastRunWrote(@TempDir Path dir) {
        Path bootstrap = dir.resolve("verdict").resolve("feed.json");
        String revision;
        try (VerdictClient first = VerdictClient.builder(local(port), tenant.editor()).bootstrapFile(bootstrap)
                .listener(new ClientTestSupport.Recorder()).build()) {
            assertThat(first.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
            revision = first.configRevision();
        }
        assertThat(bootstrap).as("written after the fetch").isRegularFile();
        assertThat(dir.resolve("verdict")).isDirectoryNotContaining("glob:**.tmp");

        ClientTestSupport.Recorder recorder = new ClientTestSupport.Recorder();
        try (VerdictClient cold = VerdictClient.builder(local(closedPort()), tenant.editor()).bootstrapFile(bootstrap)
                .listener(recorder).build()) {
            assertThat(cold.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_BOOTSTRAP);
            assertThat(cold.configRevision()).isEqualTo(revision);
            assertThat(recorder.errorKinds()).contains(ClientError.Kind.CONFIG_FETCH);
            assertThat(counter(cold, "verdict.client.config.fetches", "outcome", "error")).isGreaterThanOrEqualTo(1);
            assertThat(recorder.errors).allSatisfy(e -> assertThat(e.message()).doesNotContain(tenant.editor()));
            for (int i = 0; i < 200; i++) {
                String c = "BOOT-" + i;
                AssignmentResult a = cold.assign(KEY, c);
                assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
                assertThat(a.variant()).isEqualTo(V1.variantOf(BucketHash.bucket(KEY, c)));
            }
        }
    }

    @Test
    void serverDownMidRunKeepsTheLastConfigurationAndMovedBucketsGetTheFallback() {
        rampUp();
        ClientTestSupport.Recorder recorder = new ClientTestSupport.Recorder();
        SecondInstance node = SecondInstance.start(dataSource);
        try (VerdictClient client = VerdictClient.builder(local(node.port()), tenant.editor())
                .pollInterval(Duration.ofMillis(100)).listener(recorder).build()) {
            assertThat(client.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
            CompiledFeed feed = client.feed();
            String askedWhileUp = customer(true, 0);
            AssignmentResult answered = client.assign(KEY, askedWhileUp);
            assertThat(answered.source()).isEqualTo(AssignmentSource.SERVER);
            assertThat(answered.variant()).isEqualTo(V2.variantOf(BucketHash.bucket(KEY, askedWhileUp)));

            node.close();
            double failedBefore = counter(client, "verdict.client.config.fetches", "outcome", "error");
            eventually("a poll fails", () -> counter(client, "verdict.client.config.fetches", "outcome", "error")
                    > failedBefore);
            assertThat(client.feed()).as("the last known configuration is kept").isSameAs(feed);
            assertThat(recorder.errorKinds()).contains(ClientError.Kind.CONFIG_FETCH);

            for (int i = 0; i < 100; i++) {
                String c = customer(false, i);
                AssignmentResult a = client.assign(KEY, c);
                assertThat(a.source()).as("stable bucket of %s", c).isEqualTo(AssignmentSource.LOCAL);
                assertThat(a.variant()).isEqualTo(V2.variantOf(BucketHash.bucket(KEY, c)));
            }
            String moved = customer(true, 1);
            AssignmentResult fallback = client.assign(KEY, moved);
            assertThat(fallback.source()).isEqualTo(AssignmentSource.FALLBACK);
            assertThat(fallback.variant()).as("the newest version's variant")
                    .isEqualTo(V2.variantOf(BucketHash.bucket(KEY, moved)));
            assertThat(fallback.configVersion()).isEqualTo(answered.configVersion());
            assertThat(recorder.errorKinds()).contains(ClientError.Kind.SERVER_ASSIGN);
            assertThat(client.assign(KEY, askedWhileUp)).as("the server's earlier answer, cached until it expires")
                    .isSameAs(answered);
            assertThat(counter(client, "verdict.client.assignments", "source", "fallback")).isEqualTo(1);
            assertThat(counter(client, "verdict.client.assignments", "source", "server")).isEqualTo(2);
        } finally {
            node.close();
        }
    }

    @Test
    void anUnchangedFeedIsAnswered304AndKeepsTheCompiledConfigurationUntilItChanges() {
        try (VerdictClient client = VerdictClient.builder(local(port), tenant.editor())
                .pollInterval(Duration.ofMillis(50)).listener(new ClientTestSupport.Recorder()).build()) {
            assertThat(client.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
            CompiledFeed first = client.feed();
            eventually("three 304s", () -> counter(client, "verdict.client.config.fetches", "outcome", "304") >= 3);
            assertThat(client.feed()).isSameAs(first);
            assertThat(counter(client, "verdict.client.config.fetches", "outcome", "200")).isEqualTo(1);
            assertThat(gauge(client, "verdict.client.config.age")).isBetween(0.0, 30.0);

            rampUp();
            eventually("the new version fetched", () -> client.feed() != first);
            assertThat(counter(client, "verdict.client.config.fetches", "outcome", "200")).isEqualTo(2);
            assertThat(client.feed().experiment(KEY).liveVersions()).hasSize(2);
        }
    }

    @Test
    void aFullQueueDropsTheOldestExposuresCountsThemAndAssignNeverWaits(@TempDir Path dir) throws Exception {
        Path bootstrap = dir.resolve("feed.json");
        try (VerdictClient writer = VerdictClient.builder(local(port), tenant.editor()).bootstrapFile(bootstrap)
                .listener(new ClientTestSupport.Recorder()).build()) {
            assertThat(writer.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
        }
        // A server that accepts connections and never answers: the client's only thread hangs in its first poll,
        // so nothing is ever sent while the application keeps assigning.
        try (ServerSocket silent = new ServerSocket(0, 50)) {
            VerdictClient client = VerdictClient.builder(local(silent.getLocalPort()), tenant.editor())
                    .bootstrapFile(bootstrap).exposureQueueSize(10).requestTimeout(Duration.ofMinutes(5))
                    .closeTimeout(Duration.ofMillis(200)).listener(new ClientTestSupport.Recorder()).build();
            int answered = 0;
            for (int i = 0; i < 1_000; i++) {
                if (client.assign(KEY, "Q" + i).source() == AssignmentSource.LOCAL) {
                    answered++;
                }
            }
            assertThat(answered).as("every assign returned, locally").isEqualTo(1_000);
            assertThat(counter(client, "verdict.client.exposures.dropped", "reason", "overflow")).isEqualTo(990);
            assertThat(gauge(client, "verdict.client.exposures.queue.depth")).isEqualTo(10);

            client.close();
            assertThat(counter(client, "verdict.client.exposures.dropped", "reason", "closed"))
                    .as("close() could not deliver the ten left").isEqualTo(10);
            assertThat(gauge(client, "verdict.client.exposures.queue.depth")).isZero();
        }
    }

    @Test
    void closeSendsEveryQueuedExposureSoTheServerHasEveryReportedCustomer() {
        Map<String, String> answers = new HashMap<>();
        VerdictClient client = VerdictClient.builder(local(port), tenant.editor())
                .exposureFlushInterval(Duration.ofHours(1)).exposureBatchSize(1_000)
                .listener(new ClientTestSupport.Recorder()).build();
        assertThat(client.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
        for (int i = 0; i < 2_500; i++) {
            String c = "CLOSE-" + i;
            AssignmentResult a = client.assign(KEY, c);
            assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
            answers.put(c, a.variant());
        }
        client.close();

        Map<String, String> stored = new HashMap<>();
        jdbc.sql("SELECT customer_id, variant FROM assignments WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), experiment).query((rs, n) -> stored.put(rs.getString(1), rs.getString(2))).list();
        assertThat(stored).isEqualTo(answers);
        assertThat(counter(client, "verdict.client.exposures.reported", "result", "recorded")).isEqualTo(2_500);
        assertThat(gauge(client, "verdict.client.exposures.queue.depth")).isZero();
        assertThat(counter(client, "verdict.client.exposures.dropped", "reason", "closed")).isZero();
    }

    /** The i-th customer whose bucket moved (or did not) between the two versions. */
    private static String customer(boolean moved, int nth) {
        int found = 0;
        for (int i = 0; ; i++) {
            String c = (moved ? "MOVED-" : "STABLE-") + i;
            int b = BucketHash.bucket(KEY, c);
            if (V1.variantOf(b).equals(V2.variantOf(b)) != moved && found++ == nth) {
                return c;
            }
        }
    }

    private static BucketLayout layout(int champion, int challenger) {
        return new BucketLayout(BigDecimal.TEN, BigDecimal.valueOf(champion),
                List.of(new Arm("failure-challenger", BigDecimal.valueOf(challenger))));
    }
}
