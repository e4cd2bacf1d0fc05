package dev.verdict.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestTenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The audit log: what is recorded, in which transaction, who may read it, and how tampering is found. */
@ApiTest
class AuditTrailApiTest extends ApiTestBase {

    private static final List<String> FIELDS = List.of("id", "action", "entityType", "entityId", "actor", "before",
            "after", "at", "prevHash", "hash");

    @Test
    void everyChangeOfModelsExperimentsKeysAndPromotionsAppendsOneEntry() {
        String actor = keyId(editor);
        String adminActor = keyId(admin);
        long start = head();

        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        assertThat(editor.put("/api/v1/algorithm-models/" + challenger, Map.of("name", "Renamed")).status())
                .isEqualTo(200);
        String doomed = createModel(editor, "doomed");
        assertThat(editor.delete("/api/v1/algorithm-models/" + doomed).status()).isEqualTo(204);
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "audited", "name", "Audited",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String experiment = created.json().get("id").asText();
        assertThat(editor.put("/api/v1/experiments/" + experiment, Map.of("name", "Audited again")).status())
                .isEqualTo(200);
        assertThat(editor.post("/api/v1/experiments/" + experiment + "/promote", Map.of("modelId", challenger))
                .status()).isEqualTo(201);
        assertThat(editor.delete("/api/v1/experiments/" + experiment).status()).isEqualTo(204);
        Api.Response key = admin.post("/api/v1/api-keys", Map.of("name", "ci", "role", "viewer"));
        String keyId = key.json().get("id").asText();
        assertThat(admin.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);

        List<JsonNode> entries = entriesSince(start);
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly(
                "algorithm_model.created", "algorithm_model.created", "algorithm_model.updated",
                "algorithm_model.created", "algorithm_model.deleted", "experiment.created", "experiment.updated",
                "experiment.promoted", "experiment.deleted", "api_key.created", "api_key.revoked");
        assertThat(entries).extracting(e -> e.get("entityId").asText()).containsExactly(champion, challenger,
                challenger, doomed, doomed, experiment, experiment, experiment, experiment, keyId, keyId);
        assertThat(entries).extracting(e -> e.get("actor").asText()).containsExactly(actor, actor, actor, actor,
                actor, actor, actor, actor, actor, adminActor, adminActor);
        for (JsonNode e : entries) {
            assertThat(e.propertyNames()).as(e.toString()).containsAll(FIELDS);
        }
        JsonNode promoted = entries.get(7);
        assertThat(promoted.get("entityType").asText()).isEqualTo("experiment");
        assertThat(promoted.get("before").get("championModelId").asText()).isEqualTo(champion);
        assertThat(promoted.get("after").get("championModelId").asText()).isEqualTo(challenger);
        assertThat(promoted.get("after").get("phase").asInt()).isEqualTo(2);
        assertThat(entries.get(5).get("before").isNull()).as("a creation has no before").isTrue();
        assertThat(entries.get(8).get("after").isNull()).as("a deletion has no after").isTrue();
        assertThat(entries.get(6).get("before").get("name").asText()).isEqualTo("Audited");
        assertThat(entries.get(6).get("after").get("name").asText()).isEqualTo("Audited again");
        assertThat(entries.get(9).get("entityType").asText()).isEqualTo("api_key");
        assertThat(entries.get(9).toString()).as("a key's secret never reaches the log")
                .doesNotContain(key.json().get("key").asText());
        assertThat(entries.get(0).get("entityType").asText()).isEqualTo("algorithm_model");
    }

    @Test
    void entriesAreChainedByHash() {
        createModel(editor, "one");
        createModel(editor, "two");
        List<JsonNode> entries = entriesSince(0);
        String previous = "0".repeat(64);
        for (JsonNode e : entries) {
            assertThat(e.get("prevHash").asText()).as("entry " + e.get("seq")).isEqualTo(previous);
            assertThat(e.get("hash").asText()).hasSize(64).isNotEqualTo(previous);
            previous = e.get("hash").asText();
        }
    }

    @Test
    void aFailedExperimentUpdateAppendsNothing() {
        String champion = createModel(editor, "champ");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "atomic", "name", "Atomic",
                "championModelId", champion, "trafficSplit", Map.of("championPct", 100)));
        String id = created.json().get("id").asText();
        long before = head();

        Api.Response badSplit = editor.put("/api/v1/experiments/" + id, Map.of("trafficSplit",
                Map.of("championPct", 60)));
        Api.Response unknownModel = editor.put("/api/v1/experiments/" + id, Map.of("championModelId",
                "mdl_00000000000000000000000000"));

        assertThat(badSplit.status()).as(badSplit.raw()).isEqualTo(400);
        assertThat(unknownModel.status()).as(unknownModel.raw()).isEqualTo(400);
        assertThat(head()).as("entries after two refused updates").isEqualTo(before);
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void verifyChecksTheWholeChainOfTheTenant() {
        createModel(editor, "one");
        createModel(editor, "two");
        long n = head();

        JsonNode verify = verify();

        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.get("checked").asLong()).isEqualTo(n);
        assertThat(verify.has("firstBroken")).isFalse();
    }

    @Test
    void tamperingWithAnEntryIsFoundAtThatEntry() {
        createModel(editor, "one");
        createModel(editor, "two");
        assertThat(head()).isGreaterThanOrEqualTo(4);

        int changed = jdbc.sql("UPDATE audit_entries SET actor = 'mallory' WHERE tenant_id = ? AND seq = 3")
                .param(tenant.id()).update();
        assertThat(changed).isEqualTo(1);

        JsonNode verify = verify();
        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isFalse();
        assertThat(verify.get("firstBroken").get("seq").asLong()).isEqualTo(3);
        assertThat(verify.get("checked").asLong()).isEqualTo(2);
    }

    @Test
    void deletingTheLastEntryIsDetected() {
        createModel(editor, "one");
        long last = head();

        jdbc.sql("DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?").params(tenant.id(), last).update();

        JsonNode verify = verify();
        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isFalse();
        assertThat(verify.get("firstBroken").get("seq").asLong()).isEqualTo(last);
    }

    @Test
    void entriesCannotBeChangedOrDeletedThroughTheApi() {
        createModel(editor, "one");
        String id = entriesSince(0).get(0).get("id").asText();
        assertThat(admin.get("/api/v1/audit-logs/" + id).status()).isEqualTo(200);

        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            Api.Response r = admin.send(method, "/api/v1/audit-logs/" + id, "{\"actor\":\"mallory\"}",
                    "application/json");
            assertThat(r.status()).as(method + " " + r.raw()).isEqualTo(405);
        }
        assertThat(admin.send("DELETE", "/api/v1/audit-logs", null, null).status()).isEqualTo(405);
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void onlyAdminsMayReadTheLog() {
        for (Api api : List.of(editor, viewer)) {
            assertThat(api.get("/api/v1/audit-logs").status()).isEqualTo(403);
            assertThat(api.get("/api/v1/audit-logs/verify").status()).isEqualTo(403);
        }
        assertThat(anonymous.get("/api/v1/audit-logs").status()).isEqualTo(401);
    }

    @Test
    void theLogIsPerTenant() {
        String model = createModel(editor, "mine");
        List<String> mine = entriesSince(0).stream().map(e -> e.get("id").asText()).toList();
        TestTenants.Tenant other = otherTenant();
        Api otherAdmin = new Api(port, other.admin());
        createModel(otherAdmin, "theirs");

        JsonNode theirs = otherAdmin.get("/api/v1/audit-logs?limit=100").json();
        List<String> theirIds = new ArrayList<>();
        theirs.get("data").forEach(e -> theirIds.add(e.get("id").asText()));
        assertThat(theirIds).isNotEmpty().doesNotContainAnyElementsOf(mine);
        assertThat(otherAdmin.get("/api/v1/audit-logs?entityType=algorithm_model&entityId=" + model).json()
                .get("data")).isEmpty();
        assertThat(otherAdmin.get("/api/v1/audit-logs/" + mine.get(0)).status()).isEqualTo(404);
        JsonNode otherVerify = otherAdmin.get("/api/v1/audit-logs/verify").json();
        assertThat(otherVerify.get("checked").asLong()).isEqualTo(theirs.get("pagination").get("total").asLong());
        assertThat(entriesSince(0)).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(mine);
    }

    @Test
    void filtersByEntity() {
        String a = createModel(editor, "a");
        createModel(editor, "b");
        assertThat(editor.put("/api/v1/algorithm-models/" + a, Map.of("name", "A2")).status()).isEqualTo(200);

        JsonNode filtered = admin.get("/api/v1/audit-logs?entityType=algorithm_model&entityId=" + a).json();

        assertThat(filtered.get("data")).hasSize(2);
        filtered.get("data").forEach(e -> assertThat(e.get("entityId").asText()).isEqualTo(a));
        assertThat(filtered.get("pagination").get("total").asLong()).isEqualTo(2);
    }

    private JsonNode verify() {
        Api.Response r = admin.get("/api/v1/audit-logs/verify");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json();
    }

    /** The number of entries of the tenant, which is also the last seq. */
    private long head() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_entries WHERE tenant_id = ?").param(tenant.id())
                .query(Long.class).single();
    }

    /** The tenant's entries after {@code seq}, in chain order, read through the API. */
    private List<JsonNode> entriesSince(long seq) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response r = admin.get("/api/v1/audit-logs?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            r.json().get("data").forEach(all::add);
            JsonNode pagination = r.json().get("pagination");
            cursor = pagination.get("hasMore").asBoolean() ? pagination.get("cursor").asText() : null;
        } while (cursor != null);
        return all.stream().filter(e -> e.get("seq").asLong() > seq)
                .sorted(java.util.Comparator.comparingLong(e -> e.get("seq").asLong())).toList();
    }

    private static String keyId(Api api) {
        return api.get("/api/v1/me").json().get("keyId").asText();
    }
}
