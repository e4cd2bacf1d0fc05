package dev.verdict.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestSecrets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** API keys and the pepper never appear in error messages, the OpenAPI document, audit entries or logs. */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsHygieneApiTest extends ApiTestBase {

    @Test
    void openApiDocumentHasNoFullLengthKeyAndNoPepper() {
        String doc = anonymous.get("/v3/api-docs").raw();
        Matcher key = TestSecrets.FULL_KEY.matcher(doc);
        assertThat(key.find()).as("a full-length krn_ key in /v3/api-docs at %d", key.hitEnd() ? -1 : key.start())
                .isFalse();
        assertThat(doc).doesNotContain(TestSecrets.PEPPER).doesNotContain(Api.BOOTSTRAP_KEY);
    }

    @Test
    void createdAndRevokedKeysAreAuditedWithThePrefixOnly() {
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "audited", "role", "editor"));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        assertThat(admin.delete("/api/v1/api-keys/" + id).status()).isEqualTo(204);
        String audit = admin.get("/api/v1/audit-logs?limit=100").raw();
        assertThat(audit).contains(id).contains(key.substring(0, 8));
        for (String secret : List.of(key, tenant.admin(), tenant.editor(), tenant.viewer(), TestSecrets.PEPPER)) {
            assertThat(audit).as("the audit log must not contain a key or the pepper (prefix %s)",
                    secret.substring(0, 8)).doesNotContain(secret);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entries WHERE tenant_id = ? AND (before_json LIKE ? OR "
                        + "after_json LIKE ?)").params(tenant.id(), "%" + key + "%", "%" + key + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusedKeysAreLoggedWithTheirPrefixOnlyAndNeverEchoed(CapturedOutput output) {
        String unknown = "krn_" + "Zq9".repeat(14) + "x";
        String revoked = tenant.viewer();
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "to revoke", "role", "viewer"));
        String revokedKey = created.json().get("key").asText();
        assertThat(admin.delete("/api/v1/api-keys/" + created.json().get("id").asText()).status()).isEqualTo(204);
        for (String key : List.of(unknown, revokedKey, unknown + "!", "krn_short-but-secretish")) {
            Api.Response r = new Api(port, key).get("/api/v1/algorithm-models");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.raw()).as("the 401 must not echo the key").doesNotContain(key).doesNotContain(key.substring(4));
            Api.Response viaHeader = new Api(port, null).withHeader("X-Api-Key", key).get("/api/v1/me");
            assertThat(viaHeader.status()).isEqualTo(401);
            assertThat(viaHeader.raw()).doesNotContain(key);
        }
        String logs = output.getAll();
        assertThat(logs).contains("Refused API key " + unknown.substring(0, 8))
                .contains("Refused API key " + revokedKey.substring(0, 8));
        for (String secret : List.of(unknown, revokedKey, unknown.substring(0, 12), revokedKey.substring(0, 12),
                revoked, TestSecrets.PEPPER)) {
            assertThat(logs).as("logs must not contain the secret with prefix %s", secret.substring(0, 8))
                    .doesNotContain(secret);
        }
    }
}
