package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@ApiTest
class ModelInUseApiTest extends ApiTestBase {

    @Test
    void aModelUsedByAnExperimentCannotBeDeletedOrRenamedUntilTheExperimentIsGone() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "uses", "name", "Uses",
                "championModelId", champion, "trafficSplit", Map.of("championPct", 70),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 30))));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);

        for (String model : List.of(champion, challenger)) {
            Api.Response delete = editor.delete("/api/v1/algorithm-models/" + model);
            assertThat(delete.status()).as(delete.raw()).isEqualTo(400);
            assertThat(delete.errorCode()).isEqualTo("MODEL_IN_USE");
            assertThat(editor.get("/api/v1/algorithm-models/" + model).status()).isEqualTo(200);
        }
        Api.Response rename = editor.put("/api/v1/algorithm-models/" + challenger, Map.of("key", "renamed"));
        assertThat(rename.status()).as(rename.raw()).isEqualTo(400);
        assertThat(rename.errorCode()).isEqualTo("KEY_LOCKED");
        assertThat(editor.put("/api/v1/algorithm-models/" + challenger, Map.of("name", "New name")).status())
                .as("other fields may change").isEqualTo(200);

        assertThat(editor.delete("/api/v1/experiments/" + exp.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(editor.delete("/api/v1/algorithm-models/" + challenger).status()).isEqualTo(204);
        assertThat(editor.get("/api/v1/algorithm-models/" + challenger).status()).isEqualTo(404);
    }

    @Test
    void reservedVariantNamesCannotBeModelKeys() {
        for (String key : List.of("__champion__", "__holdout__")) {
            Api.Response r = editor.post("/api/v1/algorithm-models", Map.of("key", key, "name", "x",
                    "modelType", "bayesian"));
            assertThat(r.status()).as(r.raw()).isEqualTo(400);
        }
    }
}
