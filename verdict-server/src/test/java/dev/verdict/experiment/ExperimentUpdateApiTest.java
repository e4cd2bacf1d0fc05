package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentBuilder.empty;
import static dev.verdict.experiment.ExperimentCreateApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** PUT /api/v1/experiments/{id}: partial updates, the rules on the result, lifecycle, results and the key lock. */
@ApiTest
class ExperimentUpdateApiTest extends ApiTestBase {

    private String champion;
    private String challengerA;
    private String challengerB;

    @BeforeEach
    void models() {
        champion = createModel(editor, "champion");
        challengerA = createModel(editor, "challenger-a");
        challengerB = createModel(editor, "challenger-b");
    }

    @Test
    void keepsAbsentFieldsAndChangesOnlyWhatIsSent() {
        JsonNode before = create(anExperiment().description("before").champion(champion, 60)
                .withChallenger(challengerA, 40).holdoutPercent(5).autoPromote(true).promoteThreshold(0.1)
                .promoteAfterDays(30));

        Api.Response r = editor.put(path(before), Map.of("name", "Renamed"));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode after = r.json();
        assertThat(after.get("name").asText()).isEqualTo("Renamed");
        for (String field : List.of("id", "key", "description", "status", "championModelId", "championModel",
                "trafficSplit", "challengers", "holdoutPercent", "autoPromote", "promoteThreshold",
                "promoteAfterDays", "results", "startedAt", "createdAt")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
        assertThat(editor.get(path(before)).json()).isEqualTo(after);
    }

    @Test
    void updatesTheSplitAndReplacesChallengersEntirely() {
        JsonNode e = create(anExperiment().champion(champion, 50).withChallenger(challengerA, 50));

        Api.Response r = editor.put(path(e), empty().championPct(70).withChallenger(challengerB, 30).body());

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("trafficSplit").get("championPct").decimalValue()).isEqualByComparingTo("70");
        assertThat(r.json().get("challengers")).hasSize(1);
        assertThat(r.json().get("challengers").get(0).get("modelId").asText()).isEqualTo(challengerB);
        assertThat(r.json().get("challengers").get(0).get("model").get("key").asText()).isEqualTo("challenger-b");
        assertThat(editor.get(path(e)).json()).isEqualTo(r.json());
    }

    @Test
    void removesAllChallengersWithAnEmptyList() {
        JsonNode e = create(anExperiment().champion(champion, 50).withChallenger(challengerA, 50));

        Api.Response r = editor.put(path(e), empty().championPct(100).noChallengers().body());

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("challengers")).isEmpty();
    }

    @Test
    void rejectsSplitThatDoesNotSumTo100AfterTheUpdateAndChangesNothing() {
        JsonNode e = create(anExperiment().champion(champion, 50).withChallenger(challengerA, 50));

        Api.Response r = editor.put(path(e), empty().name("changed").championPct(60).body());

        assertError(r, 400, "INVALID_TRAFFIC_SPLIT");
        assertThat(r.json().get("error").get("message").asText())
                .contains("championPct 60 + challengers 50 = 110; must equal 100");
        assertUnchanged(e);

        assertError(editor.put(path(e), empty().noChallengers().body()), 400, "INVALID_TRAFFIC_SPLIT");
        assertUnchanged(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"x\",\"championModelId\":\"mdl_nope\"}",
            "{\"name\":\"x\",\"challengers\":[{\"modelId\":\"mdl_nope\",\"trafficPct\":50}]}",
            "{\"name\":\"x\",\"promoteThreshold\":0}",
            "{\"name\":\"x\",\"promoteThreshold\":1.5}",
            "{\"name\":\"x\",\"promoteAfterDays\":3651}",
            "{\"name\":\"x\",\"promoteAfterDays\":1.5}",
            "{\"name\":\"x\",\"holdoutPercent\":100.5}",
            "{\"name\":\"x\",\"trafficSplit\":{\"championPct\":50.001}}",
            "{\"name\":\"x\",\"trafficSplit\":{\"championPct\":1e309}}",
            "{\"name\":\"x\",\"key\":\"bad key\"}",
            "{\"name\":\"\"}",
            "{\"name\":\"x\",\"status\":\"paused\"}",
            "{\"name\":\"x\",\"status\":\"gone\"}",
            "{\"name\":\"x\",\"autoPromote\":\"yes\"}",
            "{\"name\":\"x\",\"trafficSplit\":80}",
            "{\"name\":\"x\",\"challengers\":{}}",
            "{\"name\":\"x\",\"results\":\"text\"}",
            "{\"name\":\"x\",\"results\":{\"v\":1e309}}",
            "{\"name\":\"x\"",
            "[]"})
    void failedUpdateChangesNothing(String body) {
        JsonNode e = create(anExperiment().champion(champion, 50).withChallenger(challengerA, 50));

        assertError(editor.put(path(e), body), 400, null);

        assertUnchanged(e);
    }

    @Test
    void rejectsAChampionThatIsAlsoAChallengerAndAnotherTenantsModel() {
        JsonNode e = create(anExperiment().champion(champion, 50).withChallenger(challengerA, 50));
        String foreign = createModel(new Api(port, otherTenant().editor()), "foreign");

        assertError(editor.put(path(e), empty().championModelId(challengerA).body()), 400, null);
        Api.Response unknown = editor.put(path(e), empty().championModelId(foreign).body());
        assertError(unknown, 400, "UNKNOWN_MODEL");
        assertThat(unknown.json().get("error").get("message").asText()).contains(foreign);
        assertUnchanged(e);
    }

    @Test
    void rejectsADuplicateKeyOnUpdate() {
        create(anExperiment().key("taken"));
        JsonNode e = create(anExperiment().key("mine"));

        assertError(editor.put(path(e), empty().key("taken").body()), 400, "DUPLICATE_KEY");
        assertUnchanged(e);
    }

    // --- results ---

    @Test
    void storesAndReturnsResults() {
        JsonNode e = create(anExperiment());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("uplift", 0.0123);
        results.put("significant", true);
        results.put("arms", List.of(Map.of("variant", "__champion__", "n", 1200), Map.of("variant", "x", "n", 7)));
        results.put("note", null);
        results.put("nested", Map.of("deep", Map.of("text", "ünïcødé")));

        Api.Response r = editor.put(path(e), empty().results(results).body());

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode expected = Api.json().valueToTree(results);
        assertThat(r.json().get("results")).isEqualTo(expected);
        assertThat(viewer.get(path(e)).json().get("results")).isEqualTo(expected);

        Api.Response untouched = editor.put(path(e), empty().name("other").body());
        assertThat(untouched.json().get("results")).as("results survive a PUT without them").isEqualTo(expected);
    }

    @Test
    void acceptsResultsUpTo256KiBAndRejectsLarger() {
        JsonNode e = create(anExperiment());
        // {"results":{"s":"…"}} stores {"s":"…"}: 8 bytes of structure around the string.
        String fits = "a".repeat(256 * 1024 - 8);
        Api.Response ok = editor.put(path(e), empty().results(Map.of("s", fits)).body());
        assertThat(ok.status()).as("exactly 256 KiB").isEqualTo(200);

        assertError(editor.put(path(e), empty().results(Map.of("s", fits + "a")).body()), 400, null);
        assertThat(editor.get(path(e)).json().get("results").get("s").asText()).hasSize(fits.length());
    }

    @Test
    void measuresTheResultsLimitInBytesNotCharacters() {
        JsonNode e = create(anExperiment());
        // 140,000 two-byte characters: 280,000 bytes, more than 256 KiB though fewer than 262,144 characters.
        String wide = "é".repeat(140_000);

        assertError(editor.put(path(e), empty().results(Map.of("s", wide)).body()), 400, null);
        assertUnchanged(e);
    }

    // --- lifecycle ---

    @ParameterizedTest
    @CsvSource({
            "draft, active", "draft, archived",
            "active, paused", "active, archived",
            "paused, active", "paused, archived"})
    void allowsTheLifecycleMoves(String from, String to) {
        JsonNode e = inStatus(from);

        Api.Response r = editor.put(path(e), Map.of("status", to));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo(to);
    }

    @ParameterizedTest
    @CsvSource({"draft, paused", "active, draft", "paused, draft", "archived, draft", "archived, active",
            "archived, paused"})
    void rejectsIllegalLifecycleMovesWithInvalidTransition(String from, String to) {
        JsonNode e = inStatus(from);

        assertError(editor.put(path(e), Map.of("status", to)), 400, "INVALID_TRANSITION");
        assertThat(editor.get(path(e)).json().get("status").asText()).isEqualTo(from);
    }

    @Test
    void refusesToActivateWithoutAChampion() {
        JsonNode e = create(anExperiment());

        assertError(editor.put(path(e), Map.of("status", "active")), 400, null);
        assertUnchanged(e);
    }

    @Test
    void firstActivationSetsStartedAtAndReactivationKeepsIt() {
        JsonNode e = create(anExperiment().champion(champion, 100));
        assertThat(e.get("startedAt").isNull()).isTrue();

        JsonNode active = editor.put(path(e), Map.of("status", "active")).json();
        String startedAt = active.get("startedAt").asText();
        assertThat(startedAt).isNotBlank().isNotEqualTo("null");

        clock.advance(Duration.ofDays(2));
        assertThat(editor.put(path(e), Map.of("status", "paused")).json().get("startedAt").asText())
                .isEqualTo(startedAt);
        clock.advance(Duration.ofDays(2));
        JsonNode again = editor.put(path(e), Map.of("status", "active")).json();
        assertThat(again.get("status").asText()).isEqualTo("active");
        assertThat(again.get("startedAt").asText()).isEqualTo(startedAt);
        assertThat(again.get("updatedAt").asText()).isNotEqualTo(active.get("updatedAt").asText());
    }

    // --- key lock ---

    @Test
    void allowsAKeyChangeWhileNeverActive() {
        JsonNode e = create(anExperiment().key("before").champion(champion, 100));

        Api.Response r = editor.put(path(e), Map.of("key", "after"));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("key").asText()).isEqualTo("after");
        assertThat(create(anExperiment().key("before")).get("key").asText())
                .as("the old key is free again").isEqualTo("before");
    }

    @ParameterizedTest
    @ValueSource(strings = {"active", "paused", "archived-after-active"})
    void locksTheKeyOnceTheExperimentHasBeenActive(String state) {
        JsonNode e = create(anExperiment().key("locked").champion(champion, 100).active());
        if (!state.equals("active")) {
            editor.put(path(e), Map.of("status", state.startsWith("archived") ? "archived" : state));
        }

        assertError(editor.put(path(e), Map.of("key", "renamed")), 400, "KEY_LOCKED");
        assertThat(editor.get(path(e)).json().get("key").asText()).isEqualTo("locked");
        assertThat(editor.put(path(e), Map.of("key", "locked")).status()).as("same key is no change").isEqualTo(200);
    }

    @Test
    void answers404ForAnUnknownOrForeignExperiment() {
        assertError(editor.put("/api/v1/experiments/exp_unknown", Map.of("name", "x")), 404, "NOT_FOUND");
        JsonNode foreign = new Api(port, otherTenant().editor()).post("/api/v1/experiments", anExperiment().body())
                .json();
        assertError(editor.put(path(foreign), Map.of("name", "x")), 404, "NOT_FOUND");
    }

    // --- helpers ---

    private JsonNode create(ExperimentBuilder b) {
        Api.Response r = editor.post("/api/v1/experiments", b.body());
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json();
    }

    private JsonNode inStatus(String status) {
        JsonNode e = create(anExperiment().champion(champion, 100));
        List<String> moves = switch (status) {
            case "draft" -> List.of();
            case "active" -> List.of("active");
            case "paused" -> List.of("active", "paused");
            case "archived" -> List.of("archived");
            default -> throw new IllegalArgumentException(status);
        };
        for (String move : moves) {
            Api.Response r = editor.put(path(e), Map.of("status", move));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
        }
        return e;
    }

    private void assertUnchanged(JsonNode before) {
        JsonNode now = editor.get(path(before)).json();
        assertThat(now.get("updatedAt")).as("updatedAt").isEqualTo(before.get("updatedAt"));
        assertThat(now).as("experiment after a refused PUT").isEqualTo(before);
    }

    private static String path(JsonNode experiment) {
        return "/api/v1/experiments/" + experiment.get("id").asText();
    }
}
