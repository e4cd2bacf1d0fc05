package dev.verdict.model;

import static dev.verdict.support.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

@ApiTest
class AlgorithmModelApiTest extends ApiTestBase {

    private static final String MODELS = "/api/v1/algorithm-models";
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String MODEL_ID = "mdl_[0-9A-HJKMNP-TV-Z]{26}";

    private static Map<String, Object> model(String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("name", "Model " + key);
        body.put("modelType", "logistic_regression");
        return body;
    }

    @Test
    void createReturns201WithDefaultsIdTimestampsAndLocation() {
        Api.Response r = editor.post(MODELS, model("credit-v1"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        JsonNode m = r.json();
        assertThat(m.get("id").asText()).matches(MODEL_ID);
        assertThat(r.header("Location")).isEqualTo(MODELS + "/" + m.get("id").asText());
        assertThat(m.get("key").asText()).isEqualTo("credit-v1");
        assertThat(m.get("status").asText()).isEqualTo("draft");
        assertThat(m.get("version").asInt()).isEqualTo(1);
        assertThat(m.get("modelType").asText()).isEqualTo("logistic_regression");
        assertThat(m.get("createdAt").asText()).matches(TIMESTAMP);
        assertThat(m.get("updatedAt").asText()).matches(TIMESTAMP).isEqualTo(m.get("createdAt").asText());
        assertThat(r.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void fullCrudRoundTrip() {
        Map<String, Object> body = model("full");
        body.put("description", "A full model");
        body.put("status", "active");
        body.put("version", 3);
        body.put("config", Map.of("threshold", 0.5, "features", List.of("age", "income"), "nested", Map.of("a", 1)));
        body.put("metrics", Map.of("auc", 0.78, "accuracy", 0.91));
        body.put("trainingSamples", 120000);
        body.put("lastTrainedAt", "2026-03-01T10:00:00Z");
        Api.Response created = admin.post(MODELS, body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();

        JsonNode got = viewer.get(MODELS + "/" + id).json();
        assertThat(got).isEqualTo(created.json());
        assertThat(got.get("lastTrainedAt").asText()).isEqualTo("2026-03-01T10:00:00.000Z");
        assertThat(got.path("config").path("features").get(1).asText()).isEqualTo("income");
        assertThat(got.path("metrics").path("auc").asDouble()).isEqualTo(0.78);
        assertThat(got.get("trainingSamples").asLong()).isEqualTo(120000);

        clock.advance(java.time.Duration.ofSeconds(5));
        Api.Response updated = editor.put(MODELS + "/" + id, Map.of("name", "Renamed", "status", "paused"));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.json().get("updatedAt").asText()).matches(TIMESTAMP)
                .isNotEqualTo(updated.json().get("createdAt").asText());
        assertThat(updated.json().get("createdAt").asText()).isEqualTo(created.json().get("createdAt").asText());

        assertThat(admin.delete(MODELS + "/" + id).status()).isEqualTo(204);
        assertError(admin.get(MODELS + "/" + id), 404, "NOT_FOUND");
        assertError(admin.delete(MODELS + "/" + id), 404, "NOT_FOUND");
        assertError(admin.put(MODELS + "/" + id, Map.of("name", "x")), 404, "NOT_FOUND");
    }

    @Test
    void putKeepsAbsentFields() {
        Map<String, Object> body = model("partial");
        body.put("description", "keep me");
        body.put("config", Map.of("k", "v"));
        body.put("metrics", Map.of("auc", 0.7));
        body.put("trainingSamples", 10);
        body.put("version", 2);
        body.put("lastTrainedAt", "2026-01-02T03:04:05.678Z");
        JsonNode created = admin.post(MODELS, body).json();
        String id = created.get("id").asText();

        JsonNode updated = admin.put(MODELS + "/" + id, Map.of("metrics", Map.of("auc", 0.8))).json();
        for (String field : List.of("key", "name", "description", "modelType", "status", "version", "config",
                "trainingSamples", "lastTrainedAt", "createdAt")) {
            assertThat(updated.get(field)).as(field).isEqualTo(created.get(field));
        }
        assertThat(updated.path("metrics").path("auc").asDouble()).isEqualTo(0.8);

        JsonNode empty = admin.put(MODELS + "/" + id, Map.of()).json();
        assertThat(empty.get("name")).isEqualTo(created.get("name"));
        assertThat(admin.get(MODELS + "/" + id).json().path("metrics").path("auc").asDouble()).isEqualTo(0.8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scorecard", "bayesian", "logistic_regression", "gradient_boosted", "thompson_bandit",
            "epsilon_greedy", "neural_cf", "online_learner", "external_endpoint"})
    void everyModelTypeIsAccepted(String type) {
        Map<String, Object> body = model("t-" + type);
        body.put("modelType", type);
        Api.Response r = admin.post(MODELS, body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("modelType").asText()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bayesian", "BAYESIAN", "random_forest", "bayesian ", "scorecard,bayesian"})
    void unknownModelTypeIs400(String type) {
        Map<String, Object> body = model("bad-type");
        body.put("modelType", type);
        JsonNode error = assertError(admin.post(MODELS, body), 400, "VALIDATION_FAILED");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("modelType");
        String id = createModel(admin, "good-type");
        assertError(admin.put(MODELS + "/" + id, Map.of("modelType", type)), 400, "VALIDATION_FAILED");
    }

    @Test
    void invalidStatusAndVersionAre400() {
        Map<String, Object> body = model("st");
        body.put("status", "retired");
        assertError(admin.post(MODELS, body), 400, "VALIDATION_FAILED");
        body.put("status", "active");
        body.put("version", 0);
        assertError(admin.post(MODELS, body), 400, "VALIDATION_FAILED");
        body.put("version", 1);
        body.put("trainingSamples", -1);
        assertError(admin.post(MODELS, body), 400, "VALIDATION_FAILED");
        body.put("trainingSamples", 1);
        body.put("lastTrainedAt", "yesterday");
        assertError(admin.post(MODELS, body), 400, "VALIDATION_FAILED");
        body.remove("lastTrainedAt");
        assertThat(admin.post(MODELS, body).status()).isEqualTo(201);
    }

    @Test
    void requiredFieldsAreNamed() {
        for (String field : List.of("key", "name", "modelType")) {
            Map<String, Object> body = model("req");
            body.remove(field);
            JsonNode error = assertError(admin.post(MODELS, body), 400, "VALIDATION_FAILED");
            assertThat(error.path("details").get(0).path("field").asText()).isEqualTo(field);
        }
        Map<String, Object> blank = model("req");
        blank.put("name", "   ");
        assertError(admin.post(MODELS, blank), 400, "VALIDATION_FAILED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A.b_c-9", "0", "x.y.z", "---", "___"})
    void keysOfLettersDigitsDotsUnderscoresAndDashesAreAccepted(String key) {
        assertThat(admin.post(MODELS, model(key)).status()).isEqualTo(201);
    }

    @Test
    void keyOf255CharactersIsAcceptedAnd256Refused() {
        Map<String, Object> longest = model("k".repeat(255));
        longest.put("name", "longest key");
        Api.Response r = admin.post(MODELS, longest);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("key").asText()).hasSize(255);
        Map<String, Object> tooLong = model("k".repeat(256));
        tooLong.put("name", "too long key");
        JsonNode error = assertError(admin.post(MODELS, tooLong), 400, "VALIDATION_FAILED");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/", "colon:", "ümlaut", "semi;colon", "quote'", "tab\t", "emoji🙂",
            "percent%", "star*"})
    void keysOutsideThePatternAre400(String key) {
        JsonNode error = assertError(admin.post(MODELS, model(key)), 400, "VALIDATION_FAILED");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("key");
        String id = createModel(admin, "valid-key");
        assertError(admin.put(MODELS + "/" + id, Map.of("key", key)), 400, "VALIDATION_FAILED");
    }

    @Test
    void duplicateKeyInTheSameTenantIs400DuplicateKeyButFineInAnotherTenant() {
        createModel(admin, "shared-key");
        assertError(editor.post(MODELS, model("shared-key")), 400, "DUPLICATE_KEY");
        Api other = new Api(port, otherTenant().editor());
        assertThat(other.post(MODELS, model("shared-key")).status()).isEqualTo(201);
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void renamingToAnExistingKeyIs400DuplicateKey() {
        createModel(admin, "first");
        String second = createModel(admin, "second");
        assertError(admin.put(MODELS + "/" + second, Map.of("key", "first")), 400, "DUPLICATE_KEY");
        assertThat(admin.get(MODELS + "/" + second).json().get("key").asText()).isEqualTo("second");
    }

    @Test
    void twentyConcurrentCreatesWithTheSameKeyCreateExactlyOne() throws Exception {
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Api.Response> call = () -> {
                    start.await();
                    return editor.post(MODELS, model("race"));
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new HashMap<>();
            for (Future<Api.Response> f : futures) {
                Api.Response r = f.get();
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() != 201) {
                    assertError(r, 400, "DUPLICATE_KEY");
                }
            }
            assertThat(statuses).containsEntry(201, 1).containsEntry(400, n - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void configAndMetricsTakeAtMostOneHundredKeys() {
        Map<String, Object> hundred = new LinkedHashMap<>();
        IntStream.range(0, 100).forEach(i -> hundred.put("k" + i, i));
        Map<String, Object> hundredOne = new LinkedHashMap<>(hundred);
        hundredOne.put("k100", 100);

        Map<String, Object> ok = model("maps");
        ok.put("config", hundred);
        ok.put("metrics", hundred);
        Api.Response created = admin.post(MODELS, ok);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json().get("config").size()).isEqualTo(100);
        String id = created.json().get("id").asText();

        for (String field : List.of("config", "metrics")) {
            Map<String, Object> tooMany = model("maps-" + field);
            tooMany.put(field, hundredOne);
            JsonNode error = assertError(admin.post(MODELS, tooMany), 400, "VALIDATION_FAILED");
            assertThat(error.path("details").get(0).path("field").asText()).isEqualTo(field);
            assertError(admin.put(MODELS + "/" + id, Map.of(field, hundredOne)), 400, "VALIDATION_FAILED");
        }
        assertThat(admin.get(MODELS + "/" + id).json().get("metrics").size()).isEqualTo(100);
    }

    @Test
    void listFiltersByStatusAndModelType() {
        Map<String, Object> a = model("a");
        a.put("modelType", "bayesian");
        Map<String, Object> b = model("b");
        b.put("modelType", "bayesian");
        b.put("status", "active");
        Map<String, Object> c = model("c");
        c.put("modelType", "scorecard");
        c.put("status", "active");
        for (Map<String, Object> m : List.of(a, b, c)) {
            assertThat(admin.post(MODELS, m).status()).isEqualTo(201);
        }
        assertThat(keys(admin.get(MODELS + "?status=active"))).containsExactlyInAnyOrder("b", "c");
        assertThat(keys(admin.get(MODELS + "?modelType=bayesian"))).containsExactlyInAnyOrder("a", "b");
        assertThat(keys(admin.get(MODELS + "?status=active&modelType=bayesian"))).containsExactly("b");
        assertThat(keys(admin.get(MODELS + "?status=archived"))).isEmpty();
        assertThat(admin.get(MODELS + "?status=active").json().path("pagination").path("total").asLong()).isEqualTo(2);
        assertThat(keys(admin.get(MODELS))).containsExactly("c", "b", "a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=retired", "status=ACTIVE", "status=", "modelType=random_forest",
            "modelType=Bayesian", "modelType="})
    void invalidListFilterIs400(String query) {
        assertError(admin.get(MODELS + "?" + query), 400, "VALIDATION_FAILED");
    }

    private static List<String> keys(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().get("data").forEach(m -> keys.add(m.get("key").asText()));
        return keys;
    }
}
