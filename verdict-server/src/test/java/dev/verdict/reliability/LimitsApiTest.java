package dev.verdict.reliability;

import static dev.verdict.support.Envelope.assertError;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every string of a request has a maximum length and every list a maximum size, documented in the OpenAPI
 * description and enforced before any database work; every /api response is {@code Cache-Control: no-store}.
 */
@ApiTest
class LimitsApiTest extends ApiTestBase {

    private static final String MISSING = "exp_01ZZZZZZZZZZZZZZZZZZZZZZZZ";

    @Test
    void everyRequestStringHasMaxLengthAndEveryListMaxItemsInTheOpenApiDescription() {
        Api.Response r = anonymous.get("/v3/api-docs");
        assertThat(r.status()).as("%s", r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        Set<String> requestSchemas = new HashSet<>();
        doc.path("paths").forEach(path -> path.forEach(operation -> {
            JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                collectRefs(schema, requestSchemas);
            }
        }));
        assertThat(requestSchemas).as("request body schemas").hasSizeGreaterThanOrEqualTo(8);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> queue = new ArrayList<>(requestSchemas);
        while (!queue.isEmpty()) {
            String name = queue.remove(0);
            if (!seen.add(name)) {
                continue;
            }
            JsonNode schema = doc.path("components").path("schemas").path(name);
            assertThat(schema.isMissingNode()).as("schema %s is defined", name).isFalse();
            checkProperties(name, schema, problems, queue);
        }
        Collections.sort(problems);
        assertThat(problems).as("request fields without a documented maximum").isEmpty();
    }

    private static void collectRefs(JsonNode schema, Set<String> into) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            into.add(ref.substring(ref.lastIndexOf('/') + 1));
        }
        schema.path("items").forEach(n -> collectRefs(n, into));
        if (schema.path("items").has("$ref")) {
            collectRefs(schema.path("items"), into);
        }
    }

    private static void checkProperties(String schemaName, JsonNode schema, List<String> problems,
                                        List<String> queue) {
        schema.path("properties").properties().forEach(p -> check(schemaName + "." + p.getKey(), p.getValue(),
                problems, queue));
    }

    private static void check(String field, JsonNode property, List<String> problems, List<String> queue) {
        if (property.has("$ref")) {
            String ref = property.get("$ref").asText();
            queue.add(ref.substring(ref.lastIndexOf('/') + 1));
            return;
        }
        String type = property.path("type").asText();
        if (type.equals("string") && !property.has("maxLength") && !property.has("enum")) {
            problems.add(field + ": string without maxLength");
        }
        if (type.equals("array")) {
            if (!property.has("maxItems")) {
                problems.add(field + ": array without maxItems");
            }
            check(field + "[]", property.path("items"), problems, queue);
        }
    }

    @Test
    void limitsAreCheckedBeforeTheExperimentIsLookedUp() {
        String e = "/api/v1/experiments/" + MISSING;
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("C" + i);
        }
        // A missing experiment would be 404: 400 shows the limit was checked first, without touching the database.
        assertError(admin.post(e + "/assignments/batch", Map.of("customerIds", tooMany)), 400, "VALIDATION_FAILED");
        assertError(admin.post(e + "/assignments", Map.of("customerId", "c".repeat(257))), 400, "VALIDATION_FAILED");
        assertError(admin.post(e + "/outcomes", Map.of("customerId", "C1", "idempotencyKey", "k".repeat(256))), 400,
                "VALIDATION_FAILED");
        assertError(admin.post(e + "/outcomes", Map.of("customerId", "C1", "idempotencyKey", "k",
                "occurredAt", "2026-03-01T10:00:00.000Z" + " ".repeat(17))), 400, "VALIDATION_FAILED");
        Map<String, Object> attributes = new java.util.HashMap<>();
        for (int i = 0; i < 101; i++) {
            attributes.put("a" + i, i);
        }
        assertError(admin.post(e + "/assignments", Map.of("customerId", "C1", "attributes", attributes)), 400,
                "VALIDATION_FAILED");
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            outcomes.add(Map.of("customerId", "C" + i, "idempotencyKey", "k" + i));
        }
        assertError(admin.post(e + "/outcomes/batch", Map.of("outcomes", outcomes)), 400, "VALIDATION_FAILED");
        assertError(admin.put(e, Map.of("name", "n".repeat(256))), 400, "VALIDATION_FAILED");
        assertError(admin.post(e + "/promote", Map.of("modelId", "m", "reason", "r".repeat(1001))), 400,
                "VALIDATION_FAILED");
        assertError(admin.put("/api/v1/algorithm-models/mdl_01ZZZZZZZZZZZZZZZZZZZZZZZZ",
                Map.of("description", "d".repeat(4001))), 400, "VALIDATION_FAILED");
        List<Map<String, Object>> challengers = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            challengers.add(Map.of("modelId", "mdl_" + i, "trafficPct", 0));
        }
        assertError(admin.put(e, Map.of("challengers", challengers)), 400, "VALIDATION_FAILED");
    }

    @Test
    void apiResponsesAreNoStoreOnSuccessAndError() {
        String model = createModel(admin, "cache");
        String exp = anExperiment("cache").champion(model, 100).create(admin);
        List<Api.Response> responses = List.of(
                admin.get("/api/v1/me"),
                admin.get("/api/v1/algorithm-models"),
                admin.get("/api/v1/experiments/" + exp),
                admin.post("/api/v1/experiments/power-calculator", Map.of("baselineConversionRate", 0.05,
                        "minimumDetectableEffect", 0.01, "dailyTraffic", 100)),
                admin.get("/api/v1/experiments/" + MISSING),
                anonymous.get("/api/v1/me"),
                new Api(port, "krn_" + "q".repeat(43)).get("/api/v1/me"),
                viewer.delete("/api/v1/experiments/" + exp),
                admin.post("/api/v1/algorithm-models", "{"),
                admin.send("POST", "/api/v1/algorithm-models", "k=v", "text/plain"),
                admin.send("PATCH", "/api/v1/me", "{}", "application/json"),
                admin.send("POST", "/api/v1/algorithm-models", "x".repeat(1_100_000), "application/json"),
                admin.get("/api/v1/no-such-route"),
                admin.get("/api/v1/algorithm-models?limit=%FF"));
        for (Api.Response r : responses) {
            assertThat(r.header("Cache-Control")).as("Cache-Control of %s", r.status() + " " + abbreviate(r.raw()))
                    .isEqualTo("no-store");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
