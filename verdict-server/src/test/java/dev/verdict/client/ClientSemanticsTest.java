package dev.verdict.client;

import static dev.verdict.client.ClientTestSupport.counter;
import static dev.verdict.client.ClientTestSupport.eventually;
import static dev.verdict.client.ClientTestSupport.gauge;
import static dev.verdict.client.ClientTestSupport.local;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestTenants;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The client answers what the server answers, for the cases apart from plain bucketing: paused experiments, the
 * holdout, unknown keys, roles, and another tenant's experiments.
 */
@ApiTest
class ClientSemanticsTest extends ApiTestBase {

    private VerdictClient client(String key, ClientTestSupport.Recorder recorder) {
        VerdictClient client = VerdictClient.builder(local(port), key).pollInterval(Duration.ofMillis(100))
                .exposureFlushInterval(Duration.ofMillis(50)).listener(recorder).build();
        assertThat(client.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
        return client;
    }

    private long storedAssignments(String experimentId) {
        return jdbc.sql("SELECT COUNT(*) FROM assignments WHERE experiment_id = ?").params(experimentId)
                .query(Long.class).single();
    }

    @Test
    void aPausedExperimentAnswersTheChampionAsTheServerDoesAndNothingIsRecorded() {
        String champion = createModel(admin, "paused-champion");
        String challenger = createModel(admin, "paused-challenger");
        String id = anExperiment("paused-exp").champion(champion, 50).challenger(challenger, 50).holdout(20).active()
                .create(admin);
        assertThat(admin.put("/api/v1/experiments/" + id, Map.of("status", "paused")).status()).isEqualTo(200);
        VerdictClient client = client(tenant.editor(), new ClientTestSupport.Recorder());
        for (int i = 0; i < 50; i++) {
            String c = "P" + i;
            AssignmentResult a = client.assign("paused-exp", c);
            JsonNode server = editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", c)).json();
            assertThat(server.get("recorded").asBoolean()).isFalse();
            assertThat(a.variant()).isEqualTo(server.get("variant").asText()).isEqualTo(BucketLayout.CHAMPION);
            assertThat(a.modelId()).isEqualTo(server.get("modelId").asText()).isEqualTo(champion);
            assertThat(a.modelKey()).isEqualTo("paused-champion");
            assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
        }
        client.close();
        assertThat(counter(client, "verdict.client.exposures.reported", "result", "recorded")).isZero();
        assertThat(storedAssignments(id)).isZero();
    }

    @Test
    void holdoutCustomersAreTheControlGroupWithoutAModelLikeTheServerSays() {
        String champion = createModel(admin, "ho-champion");
        String id = anExperiment("holdout-exp").champion(champion, 100).holdout(30).active().create(admin);
        VerdictClient client = client(tenant.editor(), new ClientTestSupport.Recorder());
        BucketLayout layout = new BucketLayout(BigDecimal.valueOf(30), BigDecimal.valueOf(100), List.of());
        int holdouts = 0;
        for (int i = 0; i < 200; i++) {
            String c = "H" + i;
            AssignmentResult a = client.assign("holdout-exp", c);
            boolean holdout = layout.variantOf(BucketHash.bucket("holdout-exp", c)).equals(BucketLayout.HOLDOUT);
            assertThat(a.controlGroup()).as(c).isEqualTo(holdout);
            assertThat(a.modelId()).as(c).isEqualTo(holdout ? null : champion);
            holdouts += holdout ? 1 : 0;
        }
        assertThat(holdouts).isBetween(30, 100);
        client.close();
        for (int i = 0; i < 200; i += 37) {
            JsonNode stored = admin.get("/api/v1/experiments/" + id + "/assignments/H" + i).json();
            AssignmentResult again = client.assign("holdout-exp", "H" + i);
            assertThat(stored.get("variant").asText()).isEqualTo(again.variant());
            assertThat(stored.get("controlGroup").asBoolean()).isEqualTo(again.controlGroup());
        }
    }

    @Test
    void anExperimentKeyTheFeedDoesNotListAnswersTheDocumentedFallbackAndTellsTheListener() {
        createModel(admin, "draft-champion");
        ClientTestSupport.Recorder recorder = new ClientTestSupport.Recorder();
        try (VerdictClient client = client(tenant.editor(), recorder)) {
            assertThat(client.assign("never-created", "C1")).isSameAs(VerdictClient.UNKNOWN_EXPERIMENT);
            assertThat(recorder.errors).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(ClientError.Kind.UNKNOWN_EXPERIMENT);
                assertThat(e.experimentKey()).isEqualTo("never-created");
            });
            assertThat(counter(client, "verdict.client.assignments", "source", "fallback")).isEqualTo(1);
        }
    }

    @Test
    void aViewerKeyAssignsLocallyButTheServerRefusesItsExposuresAndItsQuestions() {
        String champion = createModel(admin, "role-champion");
        String challenger = createModel(admin, "role-challenger");
        String id = anExperiment("role-exp").champion(champion, 50).challenger(challenger, 50).active().create(admin);
        assertThat(admin.put("/api/v1/experiments/" + id, Map.of("trafficSplit", Map.of("championPct", 80),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 20)))).status()).isEqualTo(200);
        BucketLayout v1 = new BucketLayout(BigDecimal.ZERO, BigDecimal.valueOf(50),
                List.of(new Arm("role-challenger", BigDecimal.valueOf(50))));
        BucketLayout v2 = new BucketLayout(BigDecimal.ZERO, BigDecimal.valueOf(80),
                List.of(new Arm("role-challenger", BigDecimal.valueOf(20))));
        String stable = null;
        String moved = null;
        for (int i = 0; stable == null || moved == null; i++) {
            String c = "R" + i;
            int b = BucketHash.bucket("role-exp", c);
            if (v1.variantOf(b).equals(v2.variantOf(b))) {
                stable = stable == null ? c : stable;
            } else {
                moved = moved == null ? c : moved;
            }
        }
        ClientTestSupport.Recorder recorder = new ClientTestSupport.Recorder();
        try (VerdictClient client = client(tenant.viewer(), recorder)) {
            assertThat(client.assign("role-exp", stable).source()).isEqualTo(AssignmentSource.LOCAL);
            AssignmentResult a = client.assign("role-exp", moved);
            assertThat(a.source()).as("403 for the question: the fallback").isEqualTo(AssignmentSource.FALLBACK);
            eventually("the exposure refused", () -> counter(client, "verdict.client.exposures.dropped", "reason",
                    "rejected") == 1);
            assertThat(recorder.errorKinds()).contains(ClientError.Kind.SERVER_ASSIGN,
                    ClientError.Kind.EXPOSURE_REJECTED);
            assertThat(recorder.errors).allSatisfy(e -> assertThat(e.message()).doesNotContain(tenant.viewer()));
        }
        assertThat(storedAssignments(id)).isZero();
    }

    @Test
    void aClientWithAnotherTenantsKeyNeverSeesThisTenantsExperiments() {
        String champion = createModel(admin, "iso-champion");
        String id = anExperiment("iso-exp").champion(champion, 100).active().create(admin);
        TestTenants.Tenant other = otherTenant();
        Api otherAdmin = new Api(port, other.admin());

        ClientTestSupport.Recorder recorder = new ClientTestSupport.Recorder();
        try (VerdictClient theirs = client(other.editor(), recorder)) {
            assertThat(theirs.feed().size()).isZero();
            assertThat(theirs.assign("iso-exp", "C1")).isSameAs(VerdictClient.UNKNOWN_EXPERIMENT);
            assertThat(recorder.errorKinds()).containsExactly(ClientError.Kind.UNKNOWN_EXPERIMENT);

            // The other tenant's own experiment under the same key: its own models, never ours.
            String theirChampion = createModel(otherAdmin, "iso-champion");
            String theirId = anExperiment("iso-exp").champion(theirChampion, 100).active().create(otherAdmin);
            eventually("their experiment in their feed", () -> theirs.feed().experiment("iso-exp") != null);
            assertThat(theirs.feed().experiment("iso-exp").id).isEqualTo(theirId).isNotEqualTo(id);
            AssignmentResult a = theirs.assign("iso-exp", "C1");
            assertThat(a.source()).isEqualTo(AssignmentSource.LOCAL);
            assertThat(a.modelId()).isEqualTo(theirChampion).isNotEqualTo(champion);
            eventually("their exposure stored", () -> counter(theirs, "verdict.client.exposures.reported", "result",
                    "recorded") == 1);
            assertThat(gauge(theirs, "verdict.client.exposures.queue.depth")).isZero();
        }
        assertThat(storedAssignments(id)).as("nothing reached this tenant's experiment").isZero();
    }
}
