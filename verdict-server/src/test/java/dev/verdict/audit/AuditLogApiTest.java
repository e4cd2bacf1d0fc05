package dev.verdict.audit;

import static dev.verdict.support.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@ApiTest
class AuditLogApiTest extends ApiTestBase {

    private static final String AUDIT = "/api/v1/audit-logs";
    private static final String MODELS = "/api/v1/algorithm-models";

    private long entryCount() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entries WHERE tenant_id = ?").param(tenant.id())
                .query(Long.class).single();
    }

    private static List<String> actions(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        r.json().get("data").forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }

    @Test
    void modelCreateUpdateAndDeleteAreAudited() {
        String editorKeyId = editor.get("/api/v1/me").json().get("keyId").asText();
        String id = createModel(editor, "audited");
        assertThat(editor.put(MODELS + "/" + id, Map.of("name", "Renamed")).status()).isEqualTo(200);
        assertThat(editor.delete(MODELS + "/" + id).status()).isEqualTo(204);

        Api.Response r = admin.get(AUDIT + "?entityType=algorithm_model&entityId=" + id);
        assertThat(actions(r)).containsExactly("algorithm_model.deleted", "algorithm_model.updated",
                "algorithm_model.created");
        JsonNode deleted = r.json().get("data").get(0);
        JsonNode updated = r.json().get("data").get(1);
        JsonNode created = r.json().get("data").get(2);
        assertThat(created.get("entityId").asText()).isEqualTo(id);
        assertThat(created.get("actor").asText()).isEqualTo(editorKeyId);
        assertThat(created.get("before").isNull()).isTrue();
        assertThat(created.path("after").path("key").asText()).isEqualTo("audited");
        assertThat(updated.path("before").path("name").asText()).isEqualTo("Model audited");
        assertThat(updated.path("after").path("name").asText()).isEqualTo("Renamed");
        assertThat(deleted.path("before").path("name").asText()).isEqualTo("Renamed");
        assertThat(deleted.get("after").isNull()).isTrue();
        assertThat(created.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(updated.get("seq").asLong()).isEqualTo(created.get("seq").asLong() + 1);
        assertThat(updated.get("prevHash").asText()).isEqualTo(created.get("hash").asText());

        Api.Response one = admin.get(AUDIT + "/" + created.get("id").asText());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(created);
        assertError(admin.get(AUDIT + "/aud_00000000000000000000000000"), 404, "NOT_FOUND");
    }

    @Test
    void refusedChangesAreNotAudited() {
        long before = entryCount();
        createModel(admin, "dup");
        admin.post(MODELS, Map.of("key", "dup", "name", "n", "modelType", "bayesian"));
        viewer.post(MODELS, Map.of("key", "v", "name", "n", "modelType", "bayesian"));
        admin.post(MODELS, Map.of("key", "bad key", "name", "n", "modelType", "bayesian"));
        assertThat(entryCount()).isEqualTo(before + 1);
    }

    @Test
    void keyCreateAndRevokeAreAuditedWithoutThePlaintext() {
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "ci", "role", "editor"));
        String key = created.json().get("key").asText();
        String keyId = created.json().get("id").asText();
        assertThat(admin.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);

        Api.Response r = admin.get(AUDIT + "?entityType=api_key&entityId=" + keyId);
        assertThat(actions(r)).containsExactly("api_key.revoked", "api_key.created");
        assertThat(r.json().get("data").get(1).path("after").path("role").asText()).isEqualTo("editor");

        String secret = key.substring(4);
        List<String> everything = new ArrayList<>();
        everything.add(admin.get(AUDIT + "?limit=100").raw());
        jdbc.sql("SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_entries")
                .query(String.class).list().forEach(everything::add);
        // the tenant's own keys (made by the test set-up) must not appear either
        for (String plaintext : List.of(key, tenant.admin(), tenant.editor(), tenant.viewer())) {
            for (String text : everything) {
                assertThat(text).doesNotContain(plaintext).doesNotContain(plaintext.substring(4, 24));
            }
        }
        assertThat(secret).isNotBlank();
    }

    @Test
    void entriesFilterByEntityTypeAndId() {
        String a = createModel(admin, "fa");
        createModel(admin, "fb");
        assertThat(admin.get(AUDIT + "?entityType=algorithm_model").json().at("/pagination/total").asLong())
                .isEqualTo(2);
        assertThat(admin.get(AUDIT + "?entityType=api_key").json().at("/pagination/total").asLong())
                .isEqualTo(3);
        assertThat(admin.get(AUDIT + "?entityId=" + a).json().at("/pagination/total").asLong()).isEqualTo(1);
        assertThat(admin.get(AUDIT + "?entityType=api_key&entityId=" + a).json().at("/pagination/total").asLong())
                .isZero();
        assertThat(admin.get(AUDIT).json().at("/pagination/total").asLong()).isEqualTo(entryCount());
        assertError(admin.get(AUDIT + "?entityType=" + "x".repeat(33)), 400, "VALIDATION_FAILED");
    }

    @Test
    void auditLogOfAnotherTenantIsInvisible() {
        String id = createModel(admin, "private");
        Api stranger = new Api(port, otherTenant().admin());
        assertThat(stranger.get(AUDIT + "?entityId=" + id).json().at("/pagination/total").asLong()).isZero();
        String entryId = admin.get(AUDIT + "?entityId=" + id).json().at("/data/0/id").asText();
        assertError(stranger.get(AUDIT + "/" + entryId), 404, "NOT_FOUND");
    }

    @Test
    void verifyReportsAnIntactChainWithTheNumberOfEntriesChecked() {
        createModel(admin, "v1");
        String id = createModel(editor, "v2");
        editor.put(MODELS + "/" + id, Map.of("status", "active"));
        Api.Response r = admin.get(AUDIT + "/verify");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("valid").asBoolean()).as(r.raw()).isTrue();
        assertThat(r.json().get("checked").asLong()).isEqualTo(entryCount()).isEqualTo(6);
        assertThat(r.json().has("firstBroken")).isFalse();
    }

    @Test
    void tamperingWithAnEntryBreaksTheChainAtThatEntry() {
        createModel(admin, "t1");
        createModel(admin, "t2");
        int changed = jdbc.sql("UPDATE audit_entries SET after_json = ? WHERE tenant_id = ? AND seq = 2")
                .params("{\"id\":\"key_forged\",\"role\":\"admin\"}", tenant.id()).update();
        assertThat(changed).isEqualTo(1);

        Api.Response r = admin.get(AUDIT + "/verify");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("valid").asBoolean()).as(r.raw()).isFalse();
        assertThat(r.json().at("/firstBroken/seq").asLong()).as(r.raw()).isEqualTo(2);
        assertThat(r.json().get("checked").asLong()).isEqualTo(1);

        Api other = new Api(port, otherTenant().admin());
        assertThat(other.get(AUDIT + "/verify").json().get("valid").asBoolean())
                .as("another tenant's chain is unaffected").isTrue();
    }

    @Test
    void deletingAnEntryBreaksTheChain() {
        createModel(admin, "d1");
        jdbc.sql("DELETE FROM audit_entries WHERE tenant_id = ? AND seq = 4").param(tenant.id()).update();
        Api.Response r = admin.get(AUDIT + "/verify");
        assertThat(r.json().get("valid").asBoolean()).as(r.raw()).isFalse();
        jdbc.sql("DELETE FROM audit_entries WHERE tenant_id = ? AND seq = 2").param(tenant.id()).update();
        Api.Response r2 = admin.get(AUDIT + "/verify");
        assertThat(r2.json().get("valid").asBoolean()).isFalse();
        assertThat(r2.json().at("/firstBroken/seq").asLong()).as(r2.raw()).isEqualTo(3);
    }

    @Test
    void entriesCannotBeChangedOrDeletedOverTheApi() {
        String entryId = admin.get(AUDIT).json().at("/data/0/id").asText();
        assertError(admin.put(AUDIT + "/" + entryId, Map.of("action", "x")), 405, "METHOD_NOT_ALLOWED");
        assertError(admin.delete(AUDIT + "/" + entryId), 405, "METHOD_NOT_ALLOWED");
        assertError(admin.post(AUDIT, Map.of("action", "x")), 405, "METHOD_NOT_ALLOWED");
        assertError(admin.delete(AUDIT), 405, "METHOD_NOT_ALLOWED");
        assertThat(admin.get(AUDIT + "/verify").json().get("valid").asBoolean()).isTrue();
    }
}
