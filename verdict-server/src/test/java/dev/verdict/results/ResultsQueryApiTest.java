package dev.verdict.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /results: minSamples, query validation, the stored/none fallbacks, earlier phases and who may read. */
@ApiTest
class ResultsQueryApiTest extends ApiTestBase {

    private static final String CHAMPION = "__champion__";

    private String champion;
    private String challenger;

    @Test
    void armsBelowMinSamplesAreReportedAsInsufficientDataWithoutTestStatistics() {
        String id = activeExperiment("few");
        assignAndConvert(id, 120, 3);

        JsonNode below = viewer.get("/api/v1/experiments/" + id + "/results?minSamples=1000").json();
        JsonNode c = below.get("comparisons").get(0);
        assertThat(c.get("insufficientData").asBoolean()).as(c.toString()).isTrue();
        for (String field : List.of("zScore", "pValue", "adjustedPValue", "ciLower", "ciUpper")) {
            assertThat(c.get(field).isNull()).as(field + " must be null: " + c).isTrue();
        }
        assertThat(c.get("significant").asBoolean()).isFalse();
        assertThat(c.get("treatmentConversionRate").isNull()).as("rates are still reported").isFalse();

        JsonNode above = viewer.get("/api/v1/experiments/" + id + "/results?minSamples=10").json();
        JsonNode d = above.get("comparisons").get(0);
        assertThat(d.get("insufficientData").asBoolean()).as(d.toString()).isFalse();
        for (String field : List.of("zScore", "pValue", "adjustedPValue", "ciLower", "ciUpper")) {
            assertThat(d.get(field).isNumber()).as(field + " must be a number: " + d).isTrue();
        }

        long smaller = Math.min(d.get("treatmentSamples").asLong(), d.get("controlSamples").asLong());
        JsonNode exactly = viewer.get("/api/v1/experiments/" + id + "/results?minSamples=" + smaller).json();
        assertThat(exactly.get("comparisons").get(0).get("insufficientData").asBoolean())
                .as("an arm with exactly minSamples has enough").isFalse();
        JsonNode oneMore = viewer.get("/api/v1/experiments/" + id + "/results?minSamples=" + (smaller + 1)).json();
        assertThat(oneMore.get("comparisons").get(0).get("insufficientData").asBoolean()).isTrue();
    }

    @Test
    void invalidQueryValuesAreRejectedWithTheErrorEnvelope() {
        String id = activeExperiment("bad-query");
        assignAndConvert(id, 10, 2);
        for (String query : List.of("confidence=2", "confidence=0.79", "confidence=0.9991", "confidence=abc",
                "power=abc", "power=0.49", "power=0.995", "minSamples=0", "minSamples=-5", "minSamples=1.5",
                "phase=99", "phase=2", "phase=0", "phase=x", "outcome=BAD!", "outcome=", "mde=0", "mde=-0.1",
                "mde=abc", "baselineRate=0", "baselineRate=1", "baselineRate=x")) {
            Api.Response r = viewer.get("/api/v1/experiments/" + id + "/results?" + query);
            assertThat(r.status()).as(query + " → " + r.raw()).isEqualTo(400);
            assertThat(r.errorCode()).as(query + " → " + r.raw()).isIn("VALIDATION_FAILED", "BAD_REQUEST");
            assertThat(r.json().path("error").path("status").asInt()).as(query).isEqualTo(400);
            assertThat(r.json().path("error").path("message").asText()).as(query).isNotBlank();
        }
        for (String query : List.of("confidence=0.8", "confidence=0.999", "power=0.5", "power=0.99",
                "minSamples=1", "phase=1", "outcome=click", "mde=0.5", "baselineRate=0.5")) {
            Api.Response r = viewer.get("/api/v1/experiments/" + id + "/results?" + query);
            assertThat(r.status()).as(query + " → " + r.raw()).isEqualTo(200);
        }
    }

    @Test
    void withoutAssignmentsTheStoredResultsOrNothingIsShown() {
        champion = createModel(editor, "champ");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "draft", "name", "Draft",
                "championModelId", champion, "trafficSplit", Map.of("championPct", 100)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();

        JsonNode none = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(none.get("source").asText()).as(none.toString()).isEqualTo("none");
        assertThat(none.path("results").isMissingNode() || none.get("results").isNull()).as(none.toString()).isTrue();
        assertThat(none.has("variants")).as("no live sections: " + none).isFalse();

        Api.Response put = editor.put("/api/v1/experiments/" + id, Map.of("results",
                Map.of("conversionRate", 0.12, "note", "imported from the old system")));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        JsonNode stored = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(stored.get("source").asText()).as(stored.toString()).isEqualTo("stored");
        assertThat(stored.get("results").get("conversionRate").asDouble()).isEqualTo(0.12);
        assertThat(stored.get("results").get("note").asText()).isEqualTo("imported from the old system");

        // Assigning while it is a draft records nothing, so the answer stays the stored one.
        editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", "early"));
        assertThat(viewer.get("/api/v1/experiments/" + id + "/results").json().get("source").asText())
                .isEqualTo("stored");

        assertThat(editor.put("/api/v1/experiments/" + id, Map.of("status", "active")).status()).isEqualTo(200);
        editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", "first"));
        JsonNode live = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(live.get("source").asText()).as(live.toString()).isEqualTo("live");
        assertThat(live.get("variants").get(0).get("samples").asLong()).isEqualTo(1);
    }

    @Test
    void anEarlierPhaseStaysReadableAfterAManualPromotionWhileTheDefaultIsTheNewPhase() {
        String id = activeExperiment("phases");
        Map<String, long[]> book = assignAndConvert(id, 300, 4);

        Api.Response promoted = editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", challenger));
        assertThat(promoted.status()).as(promoted.raw()).isEqualTo(201);

        JsonNode current = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(current.get("phase").asInt()).as(current.toString()).isEqualTo(2);
        assertThat(current.get("currentPhase").asInt()).isEqualTo(2);
        assertThat(current.get("source").asText()).as("no assignments yet in phase 2").isEqualTo("none");

        Api.Response first = viewer.get("/api/v1/experiments/" + id + "/results?phase=1");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        JsonNode phase1 = first.json();
        assertThat(phase1.get("source").asText()).as(phase1.toString()).isEqualTo("live");
        assertThat(phase1.get("phase").asInt()).isEqualTo(1);
        assertThat(phase1.get("currentPhase").asInt()).isEqualTo(2);
        JsonNode variants = phase1.get("variants");
        assertThat(variants).hasSize(2);
        assertThat(variants.get(0).get("variant").asText()).isEqualTo(CHAMPION);
        assertThat(variants.get(0).get("modelId").asText()).as("phase 1's champion: " + variants)
                .isEqualTo(champion);
        assertThat(variants.get(1).get("variant").asText()).isEqualTo("chall");
        assertThat(variants.get(1).get("modelId").asText()).as(variants.toString()).isEqualTo(challenger);
        for (JsonNode v : variants) {
            long[] counts = book.get(v.get("variant").asText());
            assertThat(v.get("samples").asLong()).as(v.toString()).isEqualTo(counts[0]);
            assertThat(v.get("conversions").asLong()).as(v.toString()).isEqualTo(counts[1]);
            assertThat(v.get("configuredPct").asDouble()).as(v.toString()).isEqualTo(50.0);
        }
        assertThat(phase1.get("comparisons").get(0).get("treatment").asText()).isEqualTo("chall");

        editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", "c1"));
        JsonNode phase2 = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(phase2.get("source").asText()).isEqualTo("live");
        assertThat(phase2.get("variants")).hasSize(1);
        assertThat(phase2.get("variants").get(0).get("modelId").asText()).isEqualTo(challenger);
        assertThat(viewer.get("/api/v1/experiments/" + id + "/results?phase=3").status()).isEqualTo(400);
    }

    @Test
    void everyRoleMayReadResultsAnonymousMayNotAndAnotherTenantsExperimentIsNotFound() {
        String id = activeExperiment("roles");
        assignAndConvert(id, 20, 2);
        for (Api api : List.of(admin, editor, viewer)) {
            Api.Response r = api.get("/api/v1/experiments/" + id + "/results");
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
        }
        Api.Response anon = anonymous.get("/api/v1/experiments/" + id + "/results");
        assertThat(anon.status()).as(anon.raw()).isEqualTo(401);

        Api stranger = new Api(port, otherTenant().viewer());
        Api.Response foreign = stranger.get("/api/v1/experiments/" + id + "/results");
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(viewer.get("/api/v1/experiments/exp_doesnotexist/results").status()).isEqualTo(404);
    }

    private String activeExperiment(String key) {
        champion = createModel(editor, "champ");
        challenger = createModel(editor, "chall");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", key, "name", key,
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** Assigns c0..c{n-1} and converts every {@code every}-th; per variant {samples, conversions}. */
    private Map<String, long[]> assignAndConvert(String id, int n, int every) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("c" + i);
        }
        Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch", Map.of("customerIds", ids));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        Map<String, long[]> book = new HashMap<>();
        List<Map<String, Object>> outcomes = new ArrayList<>();
        int i = 0;
        for (JsonNode a : r.json().get("data")) {
            long[] counts = book.computeIfAbsent(a.get("variant").asText(), v -> new long[2]);
            counts[0]++;
            if (i++ % every == 0) {
                counts[1]++;
                outcomes.add(Map.of("customerId", a.get("customerId").asText(), "idempotencyKey", "o" + i));
            }
        }
        Api.Response o = editor.post("/api/v1/experiments/" + id + "/outcomes/batch", Map.of("outcomes", outcomes));
        assertThat(o.status()).as(o.raw()).isEqualTo(200);
        return book;
    }
}
