package dev.verdict.assignment;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.BucketHash;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Sticky assignment over real HTTP on PostgreSQL: stickiness, reassignment, statuses, holdout, validation, roles. */
@ApiTest
class AssignmentApiTest extends ApiTestBase {

    private static List<String> customers(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("%s%04d", prefix, i)).toList();
    }

    private Api.Response assign(String experimentId, String customerId) {
        return editor.post("/api/v1/experiments/" + experimentId + "/assignments", Map.of("customerId", customerId));
    }

    /** Assigns the customers in one batch call; the answers by customer id, in request order. */
    private Map<String, JsonNode> assignAll(String experimentId, List<String> customerIds) {
        Api.Response r = editor.post("/api/v1/experiments/" + experimentId + "/assignments/batch",
                Map.of("customerIds", customerIds));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        assertThat(data).hasSize(customerIds.size());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < customerIds.size(); i++) {
            assertThat(data.get(i).get("customerId").asText()).as("answer %d in request order", i)
                    .isEqualTo(customerIds.get(i));
            out.put(customerIds.get(i), data.get(i));
        }
        return out;
    }

    private long storedRows(String experimentId) {
        return jdbc.sql("SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), experimentId).query(Long.class).single();
    }

    private static BucketLayout layout(String holdout, String champion, Object... challengerKeyPct) {
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < challengerKeyPct.length; i += 2) {
            arms.add(new Arm((String) challengerKeyPct[i], new BigDecimal(challengerKeyPct[i + 1].toString())));
        }
        return new BucketLayout(new BigDecimal(holdout), new BigDecimal(champion), arms);
    }

    private static void assertStickyAnswers(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        before.forEach((customer, first) -> {
            JsonNode again = after.get(customer);
            assertThat(again.get("variant").asText()).as("variant of %s", customer)
                    .isEqualTo(first.get("variant").asText());
            assertThat(again.get("assignedAt").asText()).as("assignedAt of %s", customer)
                    .isEqualTo(first.get("assignedAt").asText());
            assertThat(again.get("new").asBoolean()).as("new of %s", customer).isFalse();
            assertThat(again.get("recorded").asBoolean()).as("recorded of %s", customer).isTrue();
        });
    }

    @Test
    void keepsAssignmentsStickyWhenTheSplitAndTheChallengersChange() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String b = createModel(editor, "chal-b");
        String id = anExperiment("sticky-split").champion(champion, 50).challenger(a, 50).active().create(editor);
        List<String> ids = customers("SPLIT", 400);
        Map<String, JsonNode> before = assignAll(id, ids);
        assertThat(before.values()).allMatch(n -> n.get("new").asBoolean());

        Api.Response put = editor.put("/api/v1/experiments/" + id, Map.of("trafficSplit", Map.of("championPct", 20),
                "challengers", List.of(Map.of("modelId", a, "trafficPct", 40), Map.of("modelId", b, "trafficPct", 40))));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);

        BucketLayout now = layout("0", "20", "chal-a", 40, "chal-b", 40);
        long moved = ids.stream().filter(c -> !now.variantOf(BucketHash.bucket("sticky-split", c))
                .equals(before.get(c).get("variant").asText())).count();
        assertThat(moved).as("customers the new split would place elsewhere (else the test proves nothing)")
                .isGreaterThan(100);
        assertStickyAnswers(before, assignAll(id, ids));
        assertThat(storedRows(id)).isEqualTo(400);

        JsonNode newcomer = assign(id, "SPLIT-NEWCOMER").json();
        assertThat(newcomer.get("variant").asText()).as("a new customer follows the new split")
                .isEqualTo(now.variantOf(BucketHash.bucket("sticky-split", "SPLIT-NEWCOMER")));
    }

    @Test
    void keepsAssignmentsStickyWhenTheHoldoutChanges() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String id = anExperiment("sticky-holdout").champion(champion, 50).challenger(a, 50).active().create(editor);
        List<String> ids = customers("HOLD", 300);
        Map<String, JsonNode> before = assignAll(id, ids);
        assertThat(before.values()).noneMatch(n -> n.get("variant").asText().equals(BucketLayout.HOLDOUT));

        Api.Response put = editor.put("/api/v1/experiments/" + id, Map.of("holdoutPercent", 50));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);

        assertStickyAnswers(before, assignAll(id, ids));
        BucketLayout now = layout("50", "50", "chal-a", 50);
        List<String> newcomers = customers("HOLDNEW", 200);
        assignAll(id, newcomers).forEach((c, n) -> assertThat(n.get("variant").asText()).as("variant of %s", c)
                .isEqualTo(now.variantOf(BucketHash.bucket("sticky-holdout", c))));
    }

    @Autowired
    private AssignmentService assignments;

    @Test
    void aReturningCustomerTheCacheNoLongerHoldsGetsItsStoredAssignmentAndCountsOnce() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String id = anExperiment("uncached").champion(champion, 50).challenger(challenger, 50).active().create(editor);
        List<String> batch = customers("UNC-B", 40);
        Map<String, JsonNode> first = assignAll(id, batch);
        Map<String, JsonNode> singles = new LinkedHashMap<>();
        for (String c : customers("UNC-S", 5)) {
            singles.put(c, assign(id, c).json());
        }
        long units = units(id);

        assignments.forget(tenant.id(), id);   // another instance, or a working set bigger than the cache
        assertStickyAnswers(first, assignAll(id, batch));
        assignments.forget(tenant.id(), id);
        Map<String, JsonNode> again = new LinkedHashMap<>();
        singles.keySet().forEach(c -> again.put(c, assign(id, c).json()));
        assertStickyAnswers(singles, again);
        singles.forEach((c, a) -> assertThat(again.get(c).get("modelId").asText()).isEqualTo(a.get("modelId").asText()));
        assertThat(units(id)).as("returning customers are not new units").isEqualTo(units);
        assertThat(storedRows(id)).isEqualTo(45);

        clock.advance(Duration.ofDays(31));
        assignments.forget(tenant.id(), id);
        Map<String, JsonNode> expired = assignAll(id, batch);
        expired.forEach((c, a) -> assertThat(a.get("new").asBoolean()).as("expired %s is assigned anew", c).isTrue());
        assertThat(storedRows(id)).isEqualTo(45);
    }

    private long units(String experimentId) {
        return jdbc.sql("SELECT COALESCE(SUM(customers), 0) FROM assignment_counts WHERE tenant_id = ? "
                        + "AND experiment_id = ?").params(tenant.id(), experimentId).query(Long.class).single();
    }

    @Test
    void reassignsOnlyOnceTheThirtyDayAssignmentHasExpired() {
        String champion = createModel(editor, "champ");
        String id = anExperiment("expiry").champion(champion, 100).active().create(editor);
        JsonNode first = assign(id, "CUST-EXP").json();
        Instant assignedAt = Instant.parse(first.get("assignedAt").asText());
        assertThat(Instant.parse(first.get("expiresAt").asText())).isEqualTo(assignedAt.plus(Duration.ofDays(30)));

        clock.advance(Duration.ofDays(29));
        JsonNode stillSticky = assign(id, "CUST-EXP").json();
        assertThat(stillSticky.get("new").asBoolean()).isFalse();
        assertThat(stillSticky.get("assignedAt").asText()).isEqualTo(first.get("assignedAt").asText());

        clock.advance(Duration.ofDays(2));
        Api.Response renewed = assign(id, "CUST-EXP");
        assertThat(renewed.status()).as(renewed.raw()).isEqualTo(200);
        assertThat(renewed.json().get("new").asBoolean()).as("a recomputed assignment is new").isTrue();
        Instant reassignedAt = Instant.parse(renewed.json().get("assignedAt").asText());
        assertThat(reassignedAt).isAfterOrEqualTo(assignedAt.plus(Duration.ofDays(31)));
        assertThat(Instant.parse(renewed.json().get("expiresAt").asText()))
                .isEqualTo(reassignedAt.plus(Duration.ofDays(30)));

        JsonNode stored = editor.get("/api/v1/experiments/" + id + "/assignments/CUST-EXP").json();
        assertThat(stored.get("assignedAt").asText()).isEqualTo(renewed.json().get("assignedAt").asText());
        assertThat(storedRows(id)).isEqualTo(1);
        assertThat(assign(id, "CUST-EXP").json().get("new").asBoolean()).isFalse();
    }

    @Test
    void removingAChallengerStartsANewPhaseThatBucketsEveryReturningCustomerByTheNewSplit() {
        // A removed challenger changes which model serves its returning customers: a new phase (ADR 009), in which
        // every customer is a new unit bucketed by the new layout, so no arm mixes customers of two treatments.
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String b = createModel(editor, "chal-b");
        String id = anExperiment("removed").champion(champion, 40).challenger(a, 30).challenger(b, 30).active()
                .create(editor);
        List<String> ids = customers("RM", 300);
        Map<String, JsonNode> before = assignAll(id, ids);
        assertThat(before.values()).anyMatch(n -> n.get("variant").asText().equals("chal-a"));

        Api.Response put = editor.put("/api/v1/experiments/" + id, Map.of("trafficSplit", Map.of("championPct", 70),
                "challengers", List.of(Map.of("modelId", b, "trafficPct", 30))));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);

        BucketLayout now = layout("0", "70", "chal-b", 30);
        Map<String, JsonNode> after = assignAll(id, ids);
        before.forEach((c, first) -> {
            JsonNode again = after.get(c);
            assertThat(again.get("new").asBoolean()).as("%s is a new unit of phase 2", c).isTrue();
            assertThat(again.get("phase").asInt()).isEqualTo(2);
            assertThat(again.get("variant").asText()).as("variant of %s", c)
                    .isEqualTo(now.variantOf(BucketHash.bucket("removed", c))).isNotEqualTo("chal-a");
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND experiment_id = ? "
                + "AND variant = 'chal-a'").params(tenant.id(), id).query(Long.class).single()).isZero();
        assertThat(storedRows(id)).isEqualTo(300);
    }

    @Test
    void pausedDraftAndArchivedExperimentsAnswerTheChampionWithoutRecording() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String paused = anExperiment("paused").champion(champion, 50).challenger(a, 50).active().create(editor);
        assertThat(editor.put("/api/v1/experiments/" + paused, Map.of("status", "paused")).status()).isEqualTo(200);
        String draft = anExperiment("draft").champion(champion, 50).challenger(a, 50).create(editor);
        String archived = anExperiment("archived").champion(champion, 50).challenger(a, 50).status("archived")
                .create(editor);

        for (String id : List.of(paused, draft, archived)) {
            for (String customer : customers("NR", 20)) {
                Api.Response r = assign(id, customer);
                assertThat(r.status()).as(r.raw()).isEqualTo(200);
                JsonNode n = r.json();
                assertThat(n.get("variant").asText()).as(r.raw()).isEqualTo(BucketLayout.CHAMPION);
                assertThat(n.get("modelId").asText()).isEqualTo(champion);
                assertThat(n.get("modelKey").asText()).isEqualTo("champ");
                assertThat(n.get("recorded").asBoolean()).isFalse();
                assertThat(n.get("new").asBoolean()).isFalse();
                assertThat(n.get("controlGroup").asBoolean()).isFalse();
            }
            assertThat(assignAll(id, customers("NRB", 10)).values())
                    .allMatch(n -> !n.get("recorded").asBoolean() && n.get("variant").asText().equals("__champion__"));
            assertThat(storedRows(id)).as("rows stored for a non-active experiment").isZero();
            assertThat(editor.get("/api/v1/experiments/" + id + "/assignments/NR0001").status()).isEqualTo(404);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM assignment_counts WHERE tenant_id = ?").param(tenant.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void draftWithoutChampionAnswers409NoChampion() {
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "no-champ", "name", "No champion",
                "trafficSplit", Map.of("championPct", 100)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Api.Response r = assign(id, "CUST1");
        assertThat(r.status()).as(r.raw()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("NO_CHAMPION");
        Api.Response batch = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", List.of("CUST1", "CUST2")));
        assertThat(batch.status()).as(batch.raw()).isEqualTo(409);
        assertThat(batch.errorCode()).isEqualTo("NO_CHAMPION");
        assertThat(storedRows(id)).isZero();
    }

    @Test
    void holdoutOfAHundredPercentPutsEveryCustomerInTheControlGroup() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String id = anExperiment("all-holdout").champion(champion, 50).challenger(a, 50).holdout(100).active()
                .create(editor);
        Map<String, JsonNode> answers = assignAll(id, customers("HO", 200));
        answers.forEach((c, n) -> {
            assertThat(n.get("variant").asText()).as("variant of %s", c).isEqualTo(BucketLayout.HOLDOUT);
            assertThat(n.get("controlGroup").asBoolean()).isTrue();
            assertThat(n.has("modelId") && n.get("modelId").isNull()).as("modelId null: %s", n).isTrue();
            assertThat(n.has("modelKey") && n.get("modelKey").isNull()).as("modelKey null: %s", n).isTrue();
            assertThat(n.get("recorded").asBoolean()).isTrue();
        });
        JsonNode single = assign(id, "HO-SINGLE").json();
        assertThat(single.get("variant").asText()).isEqualTo(BucketLayout.HOLDOUT);
        assertThat(single.get("controlGroup").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND variant = '__holdout__' AND model_id IS NULL").params(tenant.id(), id)
                .query(Long.class).single()).isEqualTo(201);
    }

    @Test
    void answersTheVariantThatTheSpecifiedBucketHashAndLayoutCompute() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "gbm-v2");
        String b = createModel(editor, "nn-v1");
        String id = anExperiment("cc-bayesian-test").champion(champion, 50).challenger(a, 30).challenger(b, 20)
                .holdout(10).active().create(editor);
        BucketLayout expected = layout("10", "50", "gbm-v2", 30, "nn-v1", 20);
        Map<String, String> modelOf = Map.of(BucketLayout.CHAMPION, champion, "gbm-v2", a, "nn-v1", b);
        Map<String, Integer> seen = new LinkedHashMap<>();
        assignAll(id, customers("CUST", 1000)).forEach((c, n) -> {
            String variant = expected.variantOf(BucketHash.bucket("cc-bayesian-test", c));
            seen.merge(variant, 1, Integer::sum);
            assertThat(n.get("variant").asText()).as("variant of %s", c).isEqualTo(variant);
            assertThat(n.get("controlGroup").asBoolean()).isEqualTo(variant.equals(BucketLayout.HOLDOUT));
            if (!variant.equals(BucketLayout.HOLDOUT)) {
                assertThat(n.get("modelId").asText()).isEqualTo(modelOf.get(variant));
            }
            assertThat(n.get("experimentKey").asText()).isEqualTo("cc-bayesian-test");
            assertThat(n.get("experimentId").asText()).isEqualTo(id);
            assertThat(n.get("phase").asInt()).isEqualTo(1);
        });
        assertThat(seen).as("every arm is exercised").containsOnlyKeys(BucketLayout.HOLDOUT, BucketLayout.CHAMPION,
                "gbm-v2", "nn-v1");
        for (String c : List.of("CUST-SINGLE-1", "CUST-SINGLE-2", "ünïcødé-ß-😀")) {
            assertThat(assign(id, c).json().get("variant").asText()).as("single assignment of %s", c)
                    .isEqualTo(expected.variantOf(BucketHash.bucket("cc-bayesian-test", c)));
        }
    }

    @Test
    void getReturnsTheStoredAssignmentToAnyRoleAnd404ForAnUnknownCustomer() {
        String champion = createModel(editor, "champ");
        String id = anExperiment("getter").champion(champion, 100).active().create(editor);
        JsonNode assigned = assign(id, "CUST-GET").json();

        for (Api api : List.of(admin, editor, viewer)) {
            Api.Response r = api.get("/api/v1/experiments/" + id + "/assignments/CUST-GET");
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.json().get("variant").asText()).isEqualTo(assigned.get("variant").asText());
            assertThat(r.json().get("assignedAt").asText()).isEqualTo(assigned.get("assignedAt").asText());
            assertThat(r.json().get("new").asBoolean()).isFalse();
        }
        Api.Response unknown = viewer.get("/api/v1/experiments/" + id + "/assignments/NOBODY");
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
        assertThat(anonymous.get("/api/v1/experiments/" + id + "/assignments/CUST-GET").status()).isEqualTo(401);
        Api.Response otherTenant = new Api(port, otherTenant().viewer())
                .get("/api/v1/experiments/" + id + "/assignments/CUST-GET");
        assertThat(otherTenant.status()).as("another tenant's experiment").isEqualTo(404);
    }

    @Test
    void rejectsAnEmptyOrTooLongCustomerIdWith400() {
        String champion = createModel(editor, "champ");
        String id = anExperiment("ids").champion(champion, 100).active().create(editor);
        String path = "/api/v1/experiments/" + id + "/assignments";
        for (String bad : List.of("", "x".repeat(257))) {
            Api.Response r = editor.post(path, Map.of("customerId", bad));
            assertThat(r.status()).as("customerId of %d chars: %s", bad.length(), r.raw()).isEqualTo(400);
            Api.Response batch = editor.post(path + "/batch", Map.of("customerIds", List.of("OK", bad)));
            assertThat(batch.status()).as("batch with a customerId of %d chars", bad.length()).isEqualTo(400);
        }
        assertThat(editor.post(path, Map.of()).status()).as("missing customerId").isEqualTo(400);
        assertThat(editor.post(path, Map.of("customerId", "x".repeat(256))).status()).isEqualTo(200);
        assertThat(storedRows(id)).as("nothing of a rejected batch is stored").isEqualTo(1);
    }

    @Test
    void aClientThatAcceptsNoJsonGets406AndNoAssignmentIsStored() {
        String champion = createModel(editor, "champ");
        String id = anExperiment("accept").champion(champion, 100).active().create(editor);
        String path = "/api/v1/experiments/" + id + "/assignments";
        Api.Response refused = editor.withHeader("Accept", "text/plain").post(path, Map.of("customerId", "NOJSON"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(406);
        assertThat(refused.errorCode()).isEqualTo("NOT_ACCEPTABLE");
        assertThat(storedRows(id)).as("a 406 stores nothing").isZero();

        Api.Response accepted = editor.withHeader("Accept", "text/plain, application/*;q=0.5")
                .post(path, Map.of("customerId", "JSON"));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
        assertThat(accepted.header("Content-Type")).startsWith("application/json");
        assertThat(accepted.header("Content-Length")).as("answered in one piece, not chunked")
                .isEqualTo(String.valueOf(accepted.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(storedRows(id)).isEqualTo(1);
    }

    @Test
    void batchAcceptsUpTo1000CustomersInRequestOrderAndRejectsMore() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String id = anExperiment("batch").champion(champion, 50).challenger(a, 50).active().create(editor);
        List<String> ids = new ArrayList<>(customers("B", 999));
        ids.add(ids.get(0));
        Map<String, JsonNode> answers = assignAll(id, ids);
        assertThat(storedRows(id)).isEqualTo(999);
        assertThat(answers.get(ids.get(0)).get("variant").asText()).isNotBlank();

        Api.Response tooMany = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", customers("X", 1001)));
        assertThat(tooMany.status()).as(tooMany.raw()).isEqualTo(400);
        Api.Response empty = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", List.of()));
        assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
    }

    @Test
    void onlyAdminsAndEditorsMayAssign() {
        String champion = createModel(editor, "champ");
        String id = anExperiment("roles").champion(champion, 100).active().create(editor);
        String path = "/api/v1/experiments/" + id + "/assignments";
        Api.Response viewerSingle = viewer.post(path, Map.of("customerId", "C1"));
        assertThat(viewerSingle.status()).as(viewerSingle.raw()).isEqualTo(403);
        assertThat(viewer.post(path + "/batch", Map.of("customerIds", List.of("C1"))).status()).isEqualTo(403);
        assertThat(anonymous.post(path, Map.of("customerId", "C1")).status()).isEqualTo(401);
        assertThat(storedRows(id)).isZero();
        assertThat(admin.post(path, Map.of("customerId", "C1")).status()).isEqualTo(200);
        assertThat(editor.post(path, Map.of("customerId", "C2")).status()).isEqualTo(200);
        assertThat(editor.post("/api/v1/experiments/exp_unknown/assignments", Map.of("customerId", "C1")).status())
                .isEqualTo(404);
    }
}
