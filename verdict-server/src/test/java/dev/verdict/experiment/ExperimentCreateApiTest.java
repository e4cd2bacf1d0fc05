package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentBuilder.empty;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/experiments: defaults, the representation, and every validation rule of the contract. */
@ApiTest
class ExperimentCreateApiTest extends ApiTestBase {

    private static final String EXPERIMENTS = "/api/v1/experiments";

    @Test
    void createsWithDefaultsAndReturnsTheFullRepresentationAndLocation() {
        Api.Response r = editor.post(EXPERIMENTS, Map.of("key", "cc-1", "name", "CC",
                "trafficSplit", Map.of("championPct", 100)));

        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        JsonNode e = r.json();
        String id = e.get("id").asText();
        assertThat(id).isNotBlank();
        assertThat(r.header("Location")).endsWith("/api/v1/experiments/" + id);
        assertThat(e.get("key").asText()).isEqualTo("cc-1");
        assertThat(e.get("name").asText()).isEqualTo("CC");
        assertThat(e.get("description").isNull()).isTrue();
        assertThat(e.get("status").asText()).isEqualTo("draft");
        assertThat(e.get("championModelId").isNull()).isTrue();
        assertThat(e.get("championModel").isNull()).isTrue();
        assertThat(e.get("trafficSplit").get("championPct").decimalValue()).isEqualByComparingTo("100");
        assertThat(e.get("challengers").isArray()).isTrue();
        assertThat(e.get("challengers")).isEmpty();
        assertThat(e.get("autoPromote").asBoolean()).isFalse();
        assertThat(e.get("autoPromote").isBoolean()).isTrue();
        assertThat(e.get("promoteThreshold").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(e.get("promoteAfterDays").asInt()).isEqualTo(14);
        assertThat(e.get("holdoutPercent").decimalValue()).isEqualByComparingTo("0");
        assertThat(e.has("results")).isTrue();
        assertThat(e.get("results").isNull()).isTrue();
        assertThat(e.get("startedAt").isNull()).isTrue();
        assertThat(e.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(e.get("updatedAt").asText()).isEqualTo(e.get("createdAt").asText());

        Api.Response read = viewer.get(r.header("Location").replaceFirst("^https?://[^/]+", ""));
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(e);
    }

    @Test
    void createsWithEveryFieldAndEmbedsTheModels() {
        String champion = createModel(editor, "scorecard-v1");
        String challenger = createModel(editor, "bayesian-v1");

        Api.Response r = editor.post(EXPERIMENTS, anExperiment().key("full").name("Full").description("d")
                .active().champion(champion, 70).withChallenger(challenger, 30).holdoutPercent(10)
                .autoPromote(true).promoteThreshold(0.05).promoteAfterDays(0).body());

        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        JsonNode e = r.json();
        assertThat(e.get("description").asText()).isEqualTo("d");
        assertThat(e.get("status").asText()).isEqualTo("active");
        assertThat(e.get("startedAt").asText()).isNotBlank();
        assertThat(e.get("championModelId").asText()).isEqualTo(champion);
        JsonNode model = e.get("championModel");
        assertThat(model.get("id").asText()).isEqualTo(champion);
        assertThat(model.get("key").asText()).isEqualTo("scorecard-v1");
        assertThat(model.get("name").asText()).isEqualTo("Model scorecard-v1");
        assertThat(model.get("modelType").asText()).isEqualTo("bayesian");
        assertThat(model.get("status").asText()).isNotBlank();
        assertThat(model.get("version").isNumber()).isTrue();
        assertThat(e.get("trafficSplit").get("championPct").decimalValue()).isEqualByComparingTo("70");
        JsonNode c = e.get("challengers").get(0);
        assertThat(c.get("modelId").asText()).isEqualTo(challenger);
        assertThat(c.get("trafficPct").decimalValue()).isEqualByComparingTo("30");
        assertThat(c.get("model").get("key").asText()).isEqualTo("bayesian-v1");
        assertThat(e.get("holdoutPercent").decimalValue()).isEqualByComparingTo("10");
        assertThat(e.get("autoPromote").asBoolean()).isTrue();
        assertThat(e.get("promoteThreshold").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(e.get("promoteAfterDays").asInt()).isZero();
    }

    // --- the 100% rule ---

    @Test
    void rejectsTheReferenceDefaultSplitOf80WithNoChallengers() {
        Api.Response r = editor.post(EXPERIMENTS, Map.of("key", "only-key", "name", "Only key and name"));

        assertError(r, 400, "INVALID_TRAFFIC_SPLIT");
        assertThat(r.json().get("error").get("message").asText())
                .contains("championPct 80 (default) + challengers 0 = 80; must equal 100");
    }

    @Test
    void rejectsSplitThatDoesNotSumTo100() {
        String a = createModel(editor, "a");
        Api.Response r = editor.post(EXPERIMENTS, anExperiment().championPct(60).withChallenger(a, 30).body());

        assertError(r, 400, "INVALID_TRAFFIC_SPLIT");
        assertThat(r.json().get("error").get("message").asText())
                .contains("championPct 60 + challengers 30 = 90; must equal 100");
    }

    @Test
    void acceptsSplitThatSumsTo100InExactDecimals() {
        String a = createModel(editor, "a");
        String b = createModel(editor, "b");
        Api.Response r = editor.post(EXPERIMENTS, anExperiment().championPct(33.33).withChallenger(a, 33.33)
                .withChallenger(b, 33.34).body());

        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("trafficSplit").get("championPct").decimalValue()).isEqualByComparingTo("33.33");
        assertThat(r.json().get("challengers").get(1).get("trafficPct").decimalValue())
                .isEqualByComparingTo("33.34");
    }

    @Test
    void acceptsTheDefaultChampionShareWhenChallengersTakeTheOther20() {
        String a = createModel(editor, "a");
        Api.Response r = editor.post(EXPERIMENTS, anExperiment().without("trafficSplit").withChallenger(a, 20)
                .body());

        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("trafficSplit").get("championPct").decimalValue()).isEqualByComparingTo("80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.5", "-1", "33.333", "1e309", "-1e309", "1e-400"})
    void rejectsChampionPercentagesOutside0To100OrWithMoreThanTwoDecimals(String pct) {
        Api.Response r = editor.post(EXPERIMENTS,
                "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":" + pct + "}}");

        assertError(r, 400, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"101", "-0.5", "0.001", "1e309"})
    void rejectsChallengerAndHoldoutPercentagesOutsideTheRules(String pct) {
        String a = createModel(editor, "a");
        assertError(editor.post(EXPERIMENTS, "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":50},"
                + "\"challengers\":[{\"modelId\":\"" + a + "\",\"trafficPct\":" + pct + "}]}"), 400, null);
        assertError(editor.post(EXPERIMENTS, "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":100},"
                + "\"holdoutPercent\":" + pct + "}"), 400, null);
    }

    @Test
    void holdoutIsNotPartOfThe100PercentSum() {
        Api.Response ok = editor.post(EXPERIMENTS, anExperiment().championPct(100).holdoutPercent(100).body());
        assertThat(ok.status()).as(ok.raw()).isEqualTo(201);

        assertError(editor.post(EXPERIMENTS, anExperiment().championPct(90).holdoutPercent(10).body()), 400,
                "INVALID_TRAFFIC_SPLIT");
    }

    // --- keys ---

    @Test
    void rejectsADuplicateKeyInTheSameTenantButNotInAnother() {
        assertThat(editor.post(EXPERIMENTS, anExperiment().key("same").body()).status()).isEqualTo(201);

        Api.Response dup = admin.post(EXPERIMENTS, anExperiment().key("same").body());
        assertError(dup, 400, "DUPLICATE_KEY");

        Api other = new Api(port, otherTenant().editor());
        Api.Response elsewhere = other.post(EXPERIMENTS, anExperiment().key("same").body());
        assertThat(elsewhere.status()).as(elsewhere.raw()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/key", "ümlaut", "semi;colon", "tab\tkey"})
    void rejectsKeysOutsideLettersDigitsDotUnderscoreDash(String key) {
        assertError(editor.post(EXPERIMENTS, anExperiment().key(key).body()), 400, null);
    }

    @Test
    void acceptsKeysOfAllowedCharactersUpTo255Long() {
        String key = "aZ09._-".repeat(36) + "abc";
        Api.Response r = editor.post(EXPERIMENTS, anExperiment().key(key).body());
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("key").asText()).isEqualTo(key);

        assertError(editor.post(EXPERIMENTS, anExperiment().key(key + "x").body()), 400, null);
    }

    @Test
    void requiresKeyAndName() {
        assertError(editor.post(EXPERIMENTS, anExperiment().without("key").body()), 400, null);
        assertError(editor.post(EXPERIMENTS, anExperiment().without("name").body()), 400, null);
        assertError(editor.post(EXPERIMENTS, anExperiment().name("   ").body()), 400, null);
        assertError(editor.post(EXPERIMENTS, anExperiment().key(null).body()), 400, null);
    }

    // --- models ---

    @Test
    void rejectsAnUnknownModelAndNamesIt() {
        Api.Response champion = editor.post(EXPERIMENTS, anExperiment().champion("mdl_nope", 100).body());
        assertError(champion, 400, "UNKNOWN_MODEL");
        assertThat(champion.json().get("error").get("message").asText()).contains("mdl_nope");

        Api.Response challenger = editor.post(EXPERIMENTS, anExperiment().championPct(50)
                .withChallenger("mdl_missing", 50).body());
        assertError(challenger, 400, "UNKNOWN_MODEL");
        assertThat(challenger.json().get("error").get("message").asText()).contains("mdl_missing");
    }

    @Test
    void treatsAnotherTenantsModelAsUnknown() {
        String foreign = createModel(new Api(port, otherTenant().editor()), "foreign");

        Api.Response r = editor.post(EXPERIMENTS, anExperiment().champion(foreign, 100).body());

        assertError(r, 400, "UNKNOWN_MODEL");
        assertThat(r.json().get("error").get("message").asText()).contains(foreign);
    }

    @Test
    void rejectsAModelUsedTwiceInOneExperiment() {
        String a = createModel(editor, "a");
        String b = createModel(editor, "b");

        assertError(editor.post(EXPERIMENTS, anExperiment().champion(a, 50).withChallenger(a, 50).body()), 400, null);
        assertError(editor.post(EXPERIMENTS, anExperiment().championPct(50).withChallenger(b, 25)
                .withChallenger(b, 25).body()), 400, null);
    }

    @Test
    void rejectsAnActiveExperimentWithoutAChampion() {
        assertError(editor.post(EXPERIMENTS, anExperiment().active().body()), 400, null);
    }

    // --- thresholds ---

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.01", "1.01", "1e309", "\"0.5\""})
    void rejectsPromoteThresholdOutsideZeroExclusiveToOne(String value) {
        assertError(editor.post(EXPERIMENTS, "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":100},"
                + "\"promoteThreshold\":" + value + "}"), 400, null);
    }

    @Test
    void acceptsPromoteThresholdOfOneAndPromoteAfterDaysAtTheBounds() {
        assertThat(editor.post(EXPERIMENTS, anExperiment().promoteThreshold(1).promoteAfterDays(3650).body())
                .status()).isEqualTo(201);
        assertThat(editor.post(EXPERIMENTS, anExperiment().promoteThreshold(0.0001).promoteAfterDays(0).body())
                .status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "3651", "1.5", "1e2", "\"14\"", "true", "99999999999"})
    void rejectsPromoteAfterDaysThatIsNotAnIntegerFrom0To3650(String value) {
        assertError(editor.post(EXPERIMENTS, "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":100},"
                + "\"promoteAfterDays\":" + value + "}"), 400, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ACTIVE\"", "\"running\"", "1"})
    void rejectsAnUnknownStatus(String value) {
        assertError(editor.post(EXPERIMENTS, "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":100},"
                + "\"status\":" + value + "}"), 400, null);
    }

    // --- bodies that are not what they should be ---

    @ParameterizedTest
    @ValueSource(strings = {
            "\"autoPromote\":\"yes\"",
            "\"autoPromote\":1",
            "\"promoteAfterDays\":1.5",
            "\"trafficSplit\":80",
            "\"trafficSplit\":[80]",
            "\"trafficSplit\":{\"championPct\":\"100\"}",
            "\"challengers\":{}",
            "\"challengers\":\"none\"",
            "\"challengers\":[1]",
            "\"challengers\":[null]",
            "\"challengers\":[{\"trafficPct\":0}]",
            "\"challengers\":[{\"modelId\":\"m\"}]",
            "\"challengers\":[{\"modelId\":7,\"trafficPct\":0}]",
            "\"name\":42",
            "\"key\":[\"k\"]",
            "\"description\":{}",
            "\"championModelId\":false",
            "\"holdoutPercent\":\"10\"",
            "\"results\":[]",
            "\"trafficSplit\":{\"championPct\":1e309}",
            "\"trafficSplit\":{\"championPct\":NaN}",
            "\"trafficSplit\":{\"championPct\":Infinity}",
            "\"promoteThreshold\":NaN",
            "\"results\":{\"x\":1e309}",
            "\"results\":{\"x\":-1e309}"})
    void answersWrongJsonTypesAndNonFiniteNumbersWithA400Envelope(String field) {
        String body = "{\"key\":\"k\",\"name\":\"n\",\"trafficSplit\":{\"championPct\":100}," + field + "}";
        body = body.replace("\"trafficSplit\":{\"championPct\":100},\"trafficSplit\"", "\"trafficSplit\"");

        assertError(editor.post(EXPERIMENTS, body), 400, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[]", "null", "42", "{\"key\":\"k\",}", "{\"key\":\"k\"} {}",
            "{\"key\":\"k\" \"name\":\"n\"}"})
    void answersUnparseableBodiesWithA400Envelope(String body) {
        assertError(editor.post(EXPERIMENTS, body), 400, null);
    }

    @Test
    void storesNoExperimentWhenCreationFails() {
        editor.post(EXPERIMENTS, Map.of("key", "failed", "name", "n"));
        editor.post(EXPERIMENTS, anExperiment().key("failed").champion("mdl_nope", 100).body());

        assertThat(viewer.get(EXPERIMENTS).json().get("data")).isEmpty();
        assertThat(editor.post(EXPERIMENTS, anExperiment().key("failed").body()).status()).isEqualTo(201);
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        JsonNode error = r.json().get("error");
        assertThat(error).as("error envelope in " + r.raw()).isNotNull();
        assertThat(error.get("status").asInt()).as(r.raw()).isEqualTo(status);
        assertThat(error.get("code").asText()).as(r.raw()).isNotBlank().isNotEqualTo("INTERNAL_ERROR");
        assertThat(error.get("message").asText()).as(r.raw()).isNotBlank();
        if (code != null) {
            assertThat(error.get("code").asText()).as(r.raw()).isEqualTo(code);
        }
    }

    static List<String> ids(JsonNode page) {
        return page.get("data").valueStream().map(n -> n.get("id").asText()).toList();
    }
}
