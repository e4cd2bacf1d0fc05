package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.SecondInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Two application instances on one PostgreSQL database, as in a deployment with several nodes: a promotion happens
 * once however the schedulers race, and a revocation or an experiment change made on one node reaches the other
 * within its cache TTL.
 */
@ApiTest
class TwoInstancesApiTest extends ApiTestBase {

    /** The documented bound for a change on one node to be seen by another (cache TTLs are set to 1 s on B). */
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(15);

    private static SecondInstance b;

    @Autowired
    PromotionService promotionsOnA;

    @BeforeAll
    static void startSecondInstance(@Autowired DataSource dataSource) {
        b = SecondInstance.start(dataSource, "verdict.security.key-cache-ttl=1s", "verdict.cache.experiment-ttl=1s");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    void concurrentPromotionRunsOnBothInstancesPromoteOnce() throws Exception {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String other = createModel(editor, "other");
        // promoteAfterDays 0: the second instance runs on the system clock, so the experiment must qualify at once
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "race", "name", "Race",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 40),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 40),
                        Map.of("modelId", other, "trafficPct", 20)),
                "autoPromote", true, "promoteThreshold", 0.05, "promoteAfterDays", 0));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);
        String id = exp.json().get("id").asText();
        Traffic.to(editor, id).run("C", 2000, Map.of("chall", 30, "__champion__", 10, "other", 10));
        Api.Response evaluate = new Api(b.port(), tenant.viewer()).post("/api/v1/experiments/" + id
                + "/promotion/evaluate", "");
        assertThat(evaluate.json().get("promote").asBoolean()).as("B sees a winner: " + evaluate.raw()).isTrue();

        PromotionService promotionsOnB = b.bean(PromotionService.class);
        assertThat(promotionsOnB).isNotSameAs(promotionsOnA);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> runs = new ArrayList<>();
                for (PromotionService instance : List.of(promotionsOnA, promotionsOnB)) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        return instance.runAll();
                    }));
                }
                start.countDown();
                for (Future<Integer> run : runs) {
                    run.get(120, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode promotions = viewer.get("/api/v1/experiments/" + id + "/promotions").json();
        assertThat(promotions.get("pagination").get("total").asLong()).as(promotions.toString()).isEqualTo(1);
        assertThat(promotions.get("data").get(0).get("toModelId").asText()).isEqualTo(challenger);
        assertThat(promotions.get("data").get(0).get("actor").asText()).isEqualTo("scheduler");
        JsonNode after = viewer.get("/api/v1/experiments/" + id).json();
        assertThat(after.get("phase").asInt()).as("exactly one phase increment").isEqualTo(2);
        assertThat(after.get("championModelId").asText()).isEqualTo(challenger);
        assertThat(after.get("challengers")).hasSize(1);
        long promotedEntries = jdbc.sql("SELECT COUNT(*) FROM audit_entries WHERE tenant_id = ? AND entity_id = ? "
                + "AND action = 'experiment.promoted'").params(tenant.id(), id).query(Long.class).single();
        assertThat(promotedEntries).isEqualTo(1);
        assertThat(admin.get("/api/v1/audit-logs/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void keyRevokedOnOneInstanceIsRefusedByTheOtherWithinTheBound() {
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "shared", "role", "viewer"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String secret = created.json().get("key").asText();
        Api onA = new Api(port, secret);
        Api onB = new Api(b.port(), secret);
        assertThat(onB.get("/api/v1/me").status()).as("B knows the key (and caches it)").isEqualTo(200);
        assertThat(onA.get("/api/v1/me").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/api-keys/" + created.json().get("id").asText()).status()).isEqualTo(204);

        assertThat(onA.get("/api/v1/me").status()).as("the revoking instance refuses at once").isEqualTo(401);
        assertThat(within(PROPAGATION_BOUND, () -> onB.get("/api/v1/me").status() == 401))
                .as("instance B refuses the revoked key within " + PROPAGATION_BOUND).isTrue();
    }

    @Test
    void experimentChangedOnOneInstanceIsUsedByTheOthersAssignmentsWithinTheBound() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "spread", "name", "Spread",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 100),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 0))));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);
        String id = exp.json().get("id").asText();
        Api editorOnB = new Api(b.port(), tenant.editor());
        assertThat(variants(editorOnB, id, "before-")).as("B caches the 100% champion split")
                .containsOnly("__champion__");

        Api.Response put = editor.put("/api/v1/experiments/" + id, Map.of("trafficSplit", Map.of("championPct", 0),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 100))));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);

        assertThat(variants(editor, id, "a-")).as("A uses the new split at once").containsOnly("chall");
        int[] attempt = {0};
        assertThat(within(PROPAGATION_BOUND, () -> variants(editorOnB, id, "b" + attempt[0]++ + "-").stream()
                .allMatch("chall"::equals))).as("B assigns with the new split within " + PROPAGATION_BOUND).isTrue();
    }

    @Test
    void assignmentsThroughEitherInstanceAreIdenticalAndStickyAcrossBoth() throws Exception {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "both", "name", "Both",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "holdoutPercent", 10, "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);
        String path = "/api/v1/experiments/" + exp.json().get("id").asText() + "/assignments";
        Api editorOnB = new Api(b.port(), tenant.editor());

        // Sequential: the first call on one instance, the repeat on the other.
        for (int i = 0; i < 100; i++) {
            Api first = i % 2 == 0 ? editor : editorOnB;
            Api second = i % 2 == 0 ? editorOnB : editor;
            JsonNode created = first.post(path, Map.of("customerId", "seq-" + i)).json();
            JsonNode repeated = second.post(path, Map.of("customerId", "seq-" + i)).json();
            assertThat(created.get("new").asBoolean()).isTrue();
            assertThat(repeated.get("new").asBoolean()).as("sticky on the other instance").isFalse();
            assertThat(repeated.get("variant")).isEqualTo(created.get("variant"));
            assertThat(repeated.get("assignedAt")).isEqualTo(created.get("assignedAt"));
        }

        // Racing: both instances asked for the same new customers at the same moment.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 50; i++) {
            String customer = "race-" + i;
            CountDownLatch go = new CountDownLatch(1);
            Future<JsonNode> onA = pool.submit(() -> {
                go.await();
                return editor.post(path, Map.of("customerId", customer)).json();
            });
            Future<JsonNode> onB = pool.submit(() -> {
                go.await();
                return editorOnB.post(path, Map.of("customerId", customer)).json();
            });
            go.countDown();
            JsonNode a = onA.get(30, TimeUnit.SECONDS);
            JsonNode bAnswer = onB.get(30, TimeUnit.SECONDS);
            assertThat(bAnswer.get("variant")).as(customer).isEqualTo(a.get("variant"));
            assertThat(bAnswer.get("assignedAt")).as(customer).isEqualTo(a.get("assignedAt"));
            assertThat(a.get("new").asBoolean() ^ bAnswer.get("new").asBoolean())
                    .as("exactly one instance created the assignment of " + customer).isTrue();
        }
        pool.shutdown();
        Long rows = jdbc.sql("SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND customer_id LIKE 'race-%'")
                .param(tenant.id()).query(Long.class).single();
        assertThat(rows).isEqualTo(50);
    }

    /** The variants assigned to 20 new customers. */
    private static List<String> variants(Api api, String experimentId, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(prefix + i);
        }
        Api.Response r = api.post("/api/v1/experiments/" + experimentId + "/assignments/batch",
                Map.of("customerIds", ids));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<String> variants = new ArrayList<>();
        r.json().get("data").forEach(a -> variants.add(a.get("variant").asText()));
        return variants;
    }

    /**
     * Polls until the condition holds or the bound passes. Waiting is the point here: the property under test is a
     * propagation bound between two nodes, and nothing signals the moment another node's cache expires.
     */
    private static boolean within(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
