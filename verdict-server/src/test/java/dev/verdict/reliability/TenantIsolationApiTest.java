package dev.verdict.reliability;

import static dev.verdict.support.Envelope.assertError;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestTenants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tenant B's admin key against tenant A's resources: every id-bearing route answers 404 (never 403, never data),
 * A's resources are unchanged afterwards, B's lists never show A's rows, A's cursors are refused for B (400), and
 * {@code X-Tenant-Id: A} with B's key is 403.
 */
@ApiTest
class TenantIsolationApiTest extends ApiTestBase {

    private String champion;
    private String challenger;
    private String experiment;
    private String third;
    private String keyId;
    private String auditId;
    private TestTenants.Tenant b;
    private Api bAdmin;
    private String bExperiment;

    @BeforeEach
    void twoTenants() {
        champion = createModel(admin, "a-champion");
        challenger = createModel(admin, "a-challenger");
        third = createModel(admin, "a-third");
        experiment = anExperiment("a-exp").champion(champion, 80).challenger(challenger, 20).active().create(admin);
        anExperiment("a-exp-2").champion(champion, 100).create(admin);
        ok(admin.post("/api/v1/experiments/" + experiment + "/assignments", Map.of("customerId", "A-CUST")));
        ok(admin.post("/api/v1/experiments/" + experiment + "/outcomes",
                Map.of("customerId", "A-CUST", "idempotencyKey", "a-1")));
        ok(admin.post("/api/v1/experiments/" + experiment + "/promote", Map.of("modelId", challenger,
                "reason", "tenant A promotes")));
        keyId = ok(admin.post("/api/v1/api-keys", Map.of("name", "a-extra", "role", "viewer"))).get("id").asText();
        ok(admin.post("/api/v1/api-keys", Map.of("name", "a-extra-2", "role", "viewer")));
        auditId = ok(admin.get("/api/v1/audit-logs?limit=1")).path("data").get(0).get("id").asText();

        b = otherTenant();
        bAdmin = new Api(port, b.admin());
        String bModel = createModel(bAdmin, "b-model");
        bExperiment = anExperiment("b-exp").champion(bModel, 100).create(bAdmin);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as("setup request: %s", r).isBetween(200, 299);
        return r.json();
    }

    /** Every route that names one of A's resources, with a body that would be valid in A's own tenant. */
    private Map<String, Object[]> routesToA() {
        String e = "/api/v1/experiments/" + experiment;
        Map<String, Object[]> routes = new LinkedHashMap<>();
        routes.put("get model", new Object[]{"GET", "/api/v1/algorithm-models/" + champion, null});
        routes.put("update model", new Object[]{"PUT", "/api/v1/algorithm-models/" + champion, "{\"name\":\"B\"}"});
        routes.put("delete model", new Object[]{"DELETE", "/api/v1/algorithm-models/" + challenger, null});
        routes.put("get experiment", new Object[]{"GET", e, null});
        routes.put("update experiment", new Object[]{"PUT", e, "{\"name\":\"B\"}"});
        routes.put("delete experiment", new Object[]{"DELETE", e, null});
        routes.put("delete experiment by query", new Object[]{"DELETE", "/api/v1/experiments?id=" + experiment, null});
        routes.put("assign", new Object[]{"POST", e + "/assignments", "{\"customerId\":\"A-CUST\"}"});
        routes.put("assign batch", new Object[]{"POST", e + "/assignments/batch", "{\"customerIds\":[\"A-CUST\"]}"});
        routes.put("get assignment", new Object[]{"GET", e + "/assignments/A-CUST", null});
        routes.put("report exposures", new Object[]{"POST", e + "/exposures", "{\"exposures\":[{\"customerId\":"
                + "\"A-NEW\",\"variant\":\"__champion__\",\"configVersion\":1,\"assignedAt\":\"2026-01-01T00:00:00Z\"}]}"});
        routes.put("record outcome", new Object[]{"POST", e + "/outcomes",
                "{\"customerId\":\"A-CUST\",\"idempotencyKey\":\"b-1\"}"});
        routes.put("record outcome batch", new Object[]{"POST", e + "/outcomes/batch",
                "{\"outcomes\":[{\"customerId\":\"A-CUST\",\"idempotencyKey\":\"b-2\"}]}"});
        routes.put("results", new Object[]{"GET", e + "/results", null});
        routes.put("evaluate promotion", new Object[]{"POST", e + "/promotion/evaluate", null});
        routes.put("promote", new Object[]{"POST", e + "/promote", "{\"modelId\":\"" + champion + "\"}"});
        routes.put("list promotions", new Object[]{"GET", e + "/promotions", null});
        routes.put("revoke key", new Object[]{"DELETE", "/api/v1/api-keys/" + keyId, null});
        routes.put("get audit entry", new Object[]{"GET", "/api/v1/audit-logs/" + auditId, null});
        return routes;
    }

    @Test
    void everyRouteToAnotherTenantsResourceIs404WithoutData() {
        Map<String, Long> before = rowCountsOfA();
        List<String> problems = new ArrayList<>();
        routesToA().forEach((name, route) -> {
            Api.Response r = bAdmin.send((String) route[0], (String) route[1], route[2],
                    route[2] == null ? null : "application/json");
            if (r.status() != 404 || !"NOT_FOUND".equals(r.errorCode())) {
                problems.add(name + " (" + route[0] + " " + route[1] + "): expected 404 NOT_FOUND, got " + r);
                return;
            }
            assertError(r, 404, "NOT_FOUND");
            for (String secret : List.of("a-champion", "a-challenger", "a-exp", "A-CUST", "tenant A promotes",
                    tenant.id(), "a-extra")) {
                if (r.raw().contains(secret)) {
                    problems.add(name + ": the 404 leaks '" + secret + "': " + r);
                }
            }
        });
        assertThat(problems).as("tenant B reaching tenant A's resources").isEmpty();
        assertThat(rowCountsOfA()).as("tenant A's rows after tenant B's attempts").isEqualTo(before);
        assertThat(admin.get("/api/v1/experiments/" + experiment).json().get("name").asText())
                .isEqualTo("Experiment a-exp");
        assertThat(admin.get("/api/v1/algorithm-models/" + champion).json().get("name").asText())
                .isEqualTo("Model a-champion");
        assertThat(new Api(port, tenant.viewer()).get("/api/v1/me").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/api-keys").raw()).contains(keyId);
    }

    @Test
    void anotherTenantsModelCannotBeUsedInOwnExperiments() {
        Map<String, Long> before = rowCountsOfB();
        Api.Response create = bAdmin.post("/api/v1/experiments", anExperiment("b-uses-a").champion(champion, 80)
                .body());
        assertThat(create.status()).as("%s", create).isIn(400, 404);
        assertThat(create.raw()).doesNotContain("a-champion");
        Api.Response update = bAdmin.put("/api/v1/experiments/" + bExperiment, Map.of("challengers",
                List.of(Map.of("modelId", challenger, "trafficPct", 0))));
        assertThat(update.status()).as("%s", update).isIn(400, 404);
        assertThat(update.raw()).doesNotContain("a-challenger");
        assertThat(rowCountsOfB()).isEqualTo(before);
    }

    @Test
    void listsNeverShowAnotherTenantsRows() {
        Map<String, String> lists = Map.of(
                "models", "/api/v1/algorithm-models?limit=100",
                "experiments", "/api/v1/experiments?limit=100",
                "api keys", "/api/v1/api-keys?limit=100",
                "audit log", "/api/v1/audit-logs?limit=100",
                "promotions", "/api/v1/experiments/" + bExperiment + "/promotions?limit=100");
        List<String> idsOfA = new ArrayList<>(List.of(champion, challenger, experiment, keyId, auditId));
        admin.get("/api/v1/audit-logs?limit=100").json().path("data").forEach(n -> idsOfA.add(n.get("id").asText()));
        admin.get("/api/v1/experiments/" + experiment + "/promotions").json().path("data")
                .forEach(n -> idsOfA.add(n.get("id").asText()));
        lists.forEach((name, path) -> {
            Api.Response r = bAdmin.get(path);
            assertThat(r.status()).as("%s: %s", name, r).isEqualTo(200);
            for (String id : idsOfA) {
                assertThat(r.raw()).as("B's %s list must not contain A's %s", name, id).doesNotContain(id);
            }
            assertThat(r.raw()).as(name).doesNotContain(tenant.id()).doesNotContain("a-champion");
        });
    }

    @Test
    void anotherTenantsCursorsAreRefused() {
        Map<String, String> lists = Map.of(
                "models", "/api/v1/algorithm-models",
                "experiments", "/api/v1/experiments",
                "api keys", "/api/v1/api-keys",
                "audit log", "/api/v1/audit-logs");
        lists.forEach((name, path) -> {
            Api.Response page = admin.get(path + "?limit=1");
            String cursor = page.json().path("pagination").path("cursor").asText(null);
            assertThat(cursor).as("A's %s list has a second page: %s", name, page).isNotBlank();
            assertError(bAdmin.get(path + "?limit=1&cursor=" + cursor), 400, "VALIDATION_FAILED");
        });
        // Promotions: A's cursor for A's experiment, sent by B for B's own experiment.
        ok(admin.put("/api/v1/experiments/" + experiment, Map.of("trafficSplit", Map.of("championPct", 80),
                "challengers", List.of(Map.of("modelId", third, "trafficPct", 20)))));
        ok(admin.post("/api/v1/experiments/" + experiment + "/promote", Map.of("modelId", third)));
        Api.Response promotions = admin.get("/api/v1/experiments/" + experiment + "/promotions?limit=1");
        String cursor = promotions.json().path("pagination").path("cursor").asText(null);
        assertThat(cursor).as("%s", promotions).isNotBlank();
        assertError(bAdmin.get("/api/v1/experiments/" + bExperiment + "/promotions?limit=1&cursor=" + cursor), 400,
                "VALIDATION_FAILED");
    }

    @Test
    void claimingAnotherTenantByHeaderIs403() {
        Api claimsA = bAdmin.withHeader("X-Tenant-Id", tenant.id());
        for (String path : List.of("/api/v1/algorithm-models", "/api/v1/experiments", "/api/v1/api-keys",
                "/api/v1/audit-logs", "/api/v1/experiments/" + experiment + "/promotions",
                "/api/v1/experiments/" + experiment, "/api/v1/me")) {
            Api.Response r = claimsA.get(path);
            assertError(r, 403, "FORBIDDEN");
            assertThat(r.raw()).doesNotContain(experiment).doesNotContain("a-champion");
        }
        Map<String, Long> before = rowCountsOfA();
        assertError(claimsA.post("/api/v1/algorithm-models", Map.of("key", "b-in-a", "name", "n",
                "modelType", "bayesian")), 403, "FORBIDDEN");
        assertThat(rowCountsOfA()).isEqualTo(before);
    }

    private Map<String, Long> rowCountsOfA() {
        return rowCounts(tenant.id());
    }

    private Map<String, Long> rowCountsOfB() {
        return rowCounts(b.id());
    }

    private Map<String, Long> rowCounts(String tenantId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : BadInputApiTest.TABLES) {
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ?").param(tenantId)
                    .query(Long.class).single());
        }
        return counts;
    }
}
