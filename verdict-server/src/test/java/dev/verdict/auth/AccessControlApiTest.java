package dev.verdict.auth;

import static dev.verdict.support.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 401 (who are you?) vs 403 (you may not) vs 404 (not in your tenant), and the role matrix. */
@ApiTest
class AccessControlApiTest extends ApiTestBase {

    private static final String MODELS = "/api/v1/algorithm-models";

    private Api as(String role) {
        return switch (role) {
            case "admin" -> admin;
            case "editor" -> editor;
            case "viewer" -> viewer;
            default -> throw new IllegalArgumentException(role);
        };
    }

    @Test
    void missingMalformedUnknownAndRevokedKeysAre401OnEveryFamily() {
        Api.Response created = admin.post("/api/v1/api-keys", Map.of("name", "soon revoked", "role", "admin"));
        String revokedKey = created.json().get("key").asText();
        assertThat(admin.delete("/api/v1/api-keys/" + created.json().get("id").asText()).status()).isEqualTo(204);
        Api[] callers = {anonymous, new Api(port, "not-a-key"), new Api(port, "krn_short"),
                new Api(port, "krn_" + "u".repeat(43)), new Api(port, revokedKey),
                new Api(port, null).withHeader("X-Api-Key", "krn_" + "u".repeat(43)),
                new Api(port, null).withHeader("Authorization", "Basic YWRtaW46YWRtaW4=")};
        for (Api caller : callers) {
            for (String path : new String[]{MODELS, "/api/v1/api-keys", "/api/v1/audit-logs", "/api/v1/me"}) {
                assertError(caller.get(path), 401, "UNAUTHORIZED");
            }
            assertError(caller.post(MODELS, Map.of("key", "k", "name", "n", "modelType", "bayesian")), 401,
                    "UNAUTHORIZED");
        }
    }

    @Test
    void unauthenticatedUnknownRouteIs401NotA404() {
        assertError(anonymous.get("/api/v1/no-such-thing"), 401, "UNAUTHORIZED");
    }

    @Test
    void anotherTenantsModelIs404ForReadUpdateAndDelete() {
        String id = createModel(admin, "mine");
        String before = admin.get(MODELS + "/" + id).raw();
        Api stranger = new Api(port, otherTenant().admin());

        assertError(stranger.get(MODELS + "/" + id), 404, "NOT_FOUND");
        assertError(stranger.put(MODELS + "/" + id, Map.of("name", "stolen", "status", "archived")), 404, "NOT_FOUND");
        assertError(stranger.delete(MODELS + "/" + id), 404, "NOT_FOUND");
        assertThat(stranger.get(MODELS).json().path("pagination").path("total").asLong()).isZero();

        Api.Response after = admin.get(MODELS + "/" + id);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.raw()).isEqualTo(before);
        assertThat(admin.get("/api/v1/audit-logs?entityId=" + id).json().path("pagination").path("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void anotherTenantsModelLooksExactlyLikeAMissingOne() {
        String id = createModel(admin, "mine2");
        Api stranger = new Api(port, otherTenant().admin());
        Api.Response foreign = stranger.get(MODELS + "/" + id);
        Api.Response missing = stranger.get(MODELS + "/mdl_00000000000000000000000000");
        assertThat(foreign.status()).isEqualTo(missing.status());
        assertThat(foreign.json().path("error").path("message").asText())
                .isEqualTo(missing.json().path("error").path("message").asText().replace("mdl_00000000000000000000000000", id));
    }

    @Test
    void tenantHeaderThatDoesNotMatchTheKeyIs403() {
        String other = otherTenant().id();
        assertError(admin.withHeader("X-Tenant-Id", other).get(MODELS), 403, "FORBIDDEN");
        assertError(editor.withHeader("X-Tenant-Id", other).post(MODELS,
                Map.of("key", "k", "name", "n", "modelType", "bayesian")), 403, "FORBIDDEN");
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isZero();
        assertThat(admin.withHeader("X-Tenant-Id", tenant.id()).get(MODELS).status()).isEqualTo(200);
    }

    // --- role matrix: one test per endpoint family, one invocation per role ---

    @ParameterizedTest(name = "{0} may read algorithm models")
    @ValueSource(strings = {"admin", "editor", "viewer"})
    void anyRoleReadsAlgorithmModels(String role) {
        String id = createModel(admin, "readable");
        assertThat(as(role).get(MODELS).status()).isEqualTo(200);
        assertThat(as(role).get(MODELS + "/" + id).status()).isEqualTo(200);
        assertThat(as(role).get(MODELS + "?status=draft&modelType=bayesian").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} may write algorithm models")
    @ValueSource(strings = {"admin", "editor"})
    void adminAndEditorWriteAlgorithmModels(String role) {
        Api api = as(role);
        Api.Response created = api.post(MODELS, Map.of("key", "w-" + role, "name", "n", "modelType", "scorecard"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(api.put(MODELS + "/" + id, Map.of("status", "active")).status()).isEqualTo(200);
        assertThat(api.delete(MODELS + "/" + id).status()).isEqualTo(204);
    }

    @Test
    void viewerMayNotWriteAlgorithmModels() {
        String id = createModel(admin, "protected");
        assertError(viewer.post(MODELS, Map.of("key", "v", "name", "n", "modelType", "scorecard")), 403, "FORBIDDEN");
        assertError(viewer.put(MODELS + "/" + id, Map.of("status", "archived")), 403, "FORBIDDEN");
        assertError(viewer.delete(MODELS + "/" + id), 403, "FORBIDDEN");
        assertThat(admin.get(MODELS + "/" + id).json().get("status").asText()).isEqualTo("draft");
    }

    @ParameterizedTest(name = "{0} may manage API keys: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"admin, true", "editor, false", "viewer, false"})
    void onlyAdminManagesApiKeys(String role, boolean allowed) {
        Api api = as(role);
        Api.Response list = api.get("/api/v1/api-keys");
        Api.Response create = api.post("/api/v1/api-keys", Map.of("name", "by " + role, "role", "viewer"));
        String victim = keyService.create(tenant.id(), "victim", Role.VIEWER, "test").id();
        Api.Response revoke = api.delete("/api/v1/api-keys/" + victim);
        if (allowed) {
            assertThat(list.status()).isEqualTo(200);
            assertThat(create.status()).isEqualTo(201);
            assertThat(revoke.status()).isEqualTo(204);
        } else {
            assertError(list, 403, "FORBIDDEN");
            assertError(create, 403, "FORBIDDEN");
            assertError(revoke, 403, "FORBIDDEN");
            assertThat(admin.get("/api/v1/api-keys?limit=100").json().path("pagination").path("total").asLong())
                    .as("no key was created").isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0} may read the audit log: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"admin, true", "editor, false", "viewer, false"})
    void onlyAdminReadsTheAuditLog(String role, boolean allowed) {
        Api api = as(role);
        String entryId = admin.get("/api/v1/audit-logs").json().path("data").get(0).path("id").asText();
        for (String path : new String[]{"/api/v1/audit-logs", "/api/v1/audit-logs/verify",
                "/api/v1/audit-logs/" + entryId, "/api/v1/audit-logs?entityType=api_key"}) {
            Api.Response r = api.get(path);
            if (allowed) {
                assertThat(r.status()).as(path).isEqualTo(200);
            } else {
                assertError(r, 403, "FORBIDDEN");
            }
        }
    }

    @ParameterizedTest(name = "{0} may call /me")
    @ValueSource(strings = {"admin", "editor", "viewer"})
    void anyRoleCallsMe(String role) {
        Api.Response r = as(role).get("/api/v1/me");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("role").asText()).isEqualTo(role);
        assertThat(r.json().get("tenantId").asText()).isEqualTo(tenant.id());
    }
}
