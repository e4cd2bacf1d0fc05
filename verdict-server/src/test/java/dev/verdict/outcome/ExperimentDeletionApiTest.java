package dev.verdict.outcome;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deleting an experiment removes its assignments, outcomes, first-outcome marks and counters, and nothing else. */
@ApiTest
class ExperimentDeletionApiTest extends ApiTestBase {

    private static final List<String> TABLES = List.of("assignments", "assignment_counts", "outcomes",
            "outcome_firsts", "outcome_counts", "experiment_challengers", "experiment_config_versions",
            "sequential_evidence");

    private String experimentWithData(String key, String champion, String challenger) {
        String id = anExperiment(key).champion(champion, 50).challenger(challenger, 50).holdout(10).active()
                .create(editor);
        List<String> customers = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            customers.add("DEL" + i);
        }
        Api.Response assigned = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", customers));
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        List<Object> outcomes = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            outcomes.add(Map.of("customerId", "DEL" + i, "idempotencyKey", key + "-o" + i, "value", i));
            outcomes.add(Map.of("customerId", "DEL" + i, "idempotencyKey", key + "-c" + i, "outcome", "click"));
        }
        Api.Response recorded = editor.post("/api/v1/experiments/" + id + "/outcomes/batch",
                Map.of("outcomes", outcomes));
        assertThat(recorded.status()).as(recorded.raw()).isEqualTo(200);
        recorded.json().get("data").forEach(d -> assertThat(d.get("status").asText()).isEqualTo("recorded"));
        assertThat(viewer.get("/api/v1/experiments/" + id + "/results").status()).isEqualTo(200);
        return id;
    }

    private Map<String, Long> rowsOf(String experimentId) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            out.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ? AND experiment_id = ?")
                    .params(tenant.id(), experimentId).query(Long.class).single());
        }
        return out;
    }

    @Test
    void deletingAnExperimentRemovesItsAssignmentsOutcomesAndCountersButNotAnotherExperiments() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chal");
        String doomed = experimentWithData("doomed", champion, challenger);
        String kept = experimentWithData("kept", champion, challenger);
        Map<String, Long> keptBefore = rowsOf(kept);
        assertThat(rowsOf(doomed)).as("data exists before the delete").allSatisfy((t, n) -> assertThat(n)
                .as(t).isPositive());

        assertThat(viewer.delete("/api/v1/experiments/" + doomed).status()).isEqualTo(403);
        Api.Response deleted = editor.delete("/api/v1/experiments/" + doomed);
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);

        assertThat(rowsOf(doomed)).as("rows left behind by the delete").allSatisfy((t, n) -> assertThat(n)
                .as(t).isZero());
        assertThat(rowsOf(kept)).as("the other experiment's rows").isEqualTo(keptBefore);
        assertThat(editor.get("/api/v1/experiments/" + doomed + "/assignments/DEL1").status()).isEqualTo(404);
        assertThat(editor.get("/api/v1/experiments/" + kept + "/assignments/DEL1").status()).isEqualTo(200);

        // A new experiment with the freed key starts from nothing.
        String again = anExperiment("doomed").champion(champion, 100).active().create(editor);
        Api.Response fresh = editor.post("/api/v1/experiments/" + again + "/assignments", Map.of("customerId", "DEL1"));
        assertThat(fresh.json().get("new").asBoolean()).isTrue();
    }

    @Test
    void deletingByQueryParameterRemovesTheSameData() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chal");
        String doomed = experimentWithData("doomed-q", champion, challenger);
        Api.Response deleted = admin.delete("/api/v1/experiments?id=" + doomed);
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
        assertThat(rowsOf(doomed)).allSatisfy((t, n) -> assertThat(n).as(t).isZero());
    }
}
