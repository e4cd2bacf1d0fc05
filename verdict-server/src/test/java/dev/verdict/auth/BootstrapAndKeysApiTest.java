package dev.verdict.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@ApiTest
class BootstrapAndKeysApiTest extends ApiTestBase {

    @Test
    void bootstrapAdminKeyListsTheDefaultTenantsModels() {
        Api.Response r = new Api(port, Api.BOOTSTRAP_KEY).get("/api/v1/algorithm-models");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("data").isArray()).isTrue();
        assertThat(r.json().path("pagination").path("limit").asInt()).isEqualTo(20);
    }

    @Test
    void meAnswersTheKeysTenantAndRole() {
        Api.Response r = viewer.get("/api/v1/me");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("tenantId").asText()).isEqualTo(tenant.id());
        assertThat(r.json().get("role").asText()).isEqualTo("viewer");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void createdKeyIsShownOnceAndStoredOnlyAsHmacDigest() {
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "ci", "role", "editor"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String key = created.json().get("key").asText();
        assertThat(key).startsWith("krn_").hasSizeGreaterThanOrEqualTo(36);
        String id = created.json().get("id").asText();

        String digest = jdbc.sql("SELECT digest FROM api_keys WHERE tenant_id = ? AND id = ?")
                .params(tenant.id(), id).query(String.class).single();
        assertThat(digest).hasSize(64).doesNotContain(key.substring(4));
        Long plaintextRows = jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE digest = ? OR prefix = ? OR name = ?")
                .params(key, key, key).query(Long.class).single();
        assertThat(plaintextRows).isZero();

        Api.Response listed = admin.get("/api/v1/api-keys?limit=100");
        assertThat(listed.raw()).doesNotContain(key).contains(id);
        assertThat(new Api(port, key).get("/api/v1/me").json().get("role").asText()).isEqualTo("editor");
    }

    @Test
    void revokedKeyStopsWorkingAtOnce() {
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "temp", "role", "viewer"));
        Api temp = new Api(port, created.json().get("key").asText());
        assertThat(temp.get("/api/v1/me").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/api-keys/" + created.json().get("id").asText()).status()).isEqualTo(204);

        Api.Response after = temp.get("/api/v1/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.errorCode()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void missingMalformedAndUnknownKeysAre401WithEnvelope() {
        for (Api api : new Api[]{anonymous, new Api(port, "not-a-key"),
                new Api(port, "krn_unknownunknownunknownunknownunknown000")}) {
            Api.Response r = api.get("/api/v1/algorithm-models");
            assertThat(r.status()).as(r.raw()).isEqualTo(401);
            assertThat(r.json().path("error").path("status").asInt()).isEqualTo(401);
            assertThat(r.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void xApiKeyHeaderIsAcceptedAndForeignTenantHeaderIs403() {
        Api viaHeader = new Api(port, null).withHeader("X-Api-Key", tenant.viewer());
        assertThat(viaHeader.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(viewer.withHeader("X-Tenant-Id", tenant.id()).get("/api/v1/me").status()).isEqualTo(200);
        Api.Response foreign = viewer.withHeader("X-Tenant-Id", "someone-else").get("/api/v1/me");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void keyManagementIsAdminOnly() {
        assertThat(editor.get("/api/v1/api-keys").status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/api-keys", Map.of("name", "x", "role", "viewer")).status()).isEqualTo(403);
        assertThat(editor.delete("/api/v1/api-keys/key_x").status()).isEqualTo(403);
    }

    @Test
    void anotherTenantsKeyCannotBeRevoked() {
        var other = otherTenant();
        String otherKeyId = new Api(port, other.admin()).get("/api/v1/me").json().get("keyId").asText();
        assertThat(admin.delete("/api/v1/api-keys/" + otherKeyId).status()).isEqualTo(404);
        assertThat(new Api(port, other.admin()).get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void keyListPagesWithoutSkipsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            admin.post("/api/v1/api-keys", Map.of("name", "k" + i, "role", "viewer"));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = admin.get("/api/v1/api-keys?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            page.json().get("data").forEach(k -> assertThat(seen.add(k.get("id").asText())).isTrue());
            cursor = page.json().path("pagination").path("cursor").isNull() ? null
                    : page.json().path("pagination").path("cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(10);
        assertThat(pages).isEqualTo(4);
    }
}
