package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestTenants;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /experiments/{id}/promote: who may promote what. */
@ApiTest
class ManualPromotionApiTest extends ApiTestBase {

    private String champion;
    private String challenger;
    private String experimentId;

    @BeforeEach
    void experimentWithOneChallenger() {
        champion = createModel(editor, "champ");
        challenger = createModel(editor, "chall");
        experimentId = experiment("manual", champion, challenger);
    }

    @Test
    void editorPromotesAChallengerAndIsRecordedAsTheActor() {
        String keyId = editor.get("/api/v1/me").json().get("keyId").asText();

        Api.Response r = editor.post(promote(), Map.of("modelId", challenger, "reason", "Business decision"));

        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("trigger").asText()).isEqualTo("manual");
        assertThat(r.json().get("actor").asText()).isEqualTo(keyId);
        assertThat(r.json().get("toModelId").asText()).isEqualTo(challenger);
        assertThat(r.json().get("fromModelId").asText()).isEqualTo(champion);
        JsonNode experiment = viewer.get("/api/v1/experiments/" + experimentId).json();
        assertThat(experiment.get("championModelId").asText()).isEqualTo(challenger);
        assertThat(experiment.get("phase").asInt()).isEqualTo(2);
    }

    @Test
    void adminMayPromoteToo() {
        String keyId = admin.get("/api/v1/me").json().get("keyId").asText();
        Api.Response r = admin.post(promote(), Map.of("modelId", challenger));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("actor").asText()).isEqualTo(keyId);
    }

    @Test
    void theChampionCannotBePromoted() {
        assertRefusedAs400(Map.of("modelId", champion));
    }

    @Test
    void anUnknownModelCannotBePromoted() {
        assertRefusedAs400(Map.of("modelId", "mdl_00000000000000000000000000"));
    }

    @Test
    void anotherExperimentsChallengerCannotBePromoted() {
        String elsewhere = createModel(editor, "elsewhere");
        experiment("other", champion, elsewhere);
        assertRefusedAs400(Map.of("modelId", elsewhere));
    }

    @Test
    void aMissingModelIdIsRefused() {
        assertRefusedAs400(Map.of("reason", "no model"));
    }

    @Test
    void viewerMayNotPromote() {
        Api.Response r = viewer.post(promote(), Map.of("modelId", challenger));
        assertThat(r.status()).as(r.raw()).isEqualTo(403);
        assertUnchanged();
    }

    @Test
    void anotherTenantsExperimentIsNotFound() {
        TestTenants.Tenant other = otherTenant();
        Api.Response r = new Api(port, other.admin()).post(promote(), Map.of("modelId", challenger));
        assertThat(r.status()).as(r.raw()).isEqualTo(404);
        assertUnchanged();
    }

    @Test
    void anArchivedExperimentCannotBePromoted() {
        Api.Response archived = editor.put("/api/v1/experiments/" + experimentId, Map.of("status", "archived"));
        assertThat(archived.status()).as(archived.raw()).isEqualTo(200);

        Api.Response r = editor.post(promote(), Map.of("modelId", challenger));

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        JsonNode experiment = viewer.get("/api/v1/experiments/" + experimentId).json();
        assertThat(experiment.get("championModelId").asText()).isEqualTo(champion);
        assertThat(experiment.get("phase").asInt()).isEqualTo(1);
        assertThat(promotionCount()).isZero();
    }

    private void assertRefusedAs400(Map<String, Object> body) {
        Api.Response r = editor.post(promote(), body);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().path("error").path("status").asInt()).isEqualTo(400);
        assertUnchanged();
    }

    private void assertUnchanged() {
        JsonNode experiment = viewer.get("/api/v1/experiments/" + experimentId).json();
        assertThat(experiment.get("championModelId").asText()).isEqualTo(champion);
        assertThat(experiment.get("challengers").get(0).get("modelId").asText()).isEqualTo(challenger);
        assertThat(experiment.get("phase").asInt()).isEqualTo(1);
        assertThat(promotionCount()).isZero();
    }

    private long promotionCount() {
        return viewer.get("/api/v1/experiments/" + experimentId + "/promotions").json().get("pagination")
                .get("total").asLong();
    }

    private String promote() {
        return "/api/v1/experiments/" + experimentId + "/promote";
    }

    private String experiment(String key, String championId, String challengerId) {
        Api.Response r = editor.post("/api/v1/experiments", Map.of("key", key, "name", key, "status", "active",
                "championModelId", championId, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challengerId, "trafficPct", 50))));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
