package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentCreateApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DELETE /api/v1/experiments/{id} and ?id=: removes the experiment, its challengers and everything recorded. */
@ApiTest
class ExperimentDeleteApiTest extends ApiTestBase {

    private static final String EXPERIMENTS = "/api/v1/experiments";
    private static final List<String> RECORDED = List.of("experiment_challengers", "experiment_config_versions",
            "assignments", "assignment_counts", "outcomes", "outcome_firsts", "outcome_counts");

    @ParameterizedTest
    @ValueSource(strings = {"path", "query"})
    void deletesTheExperimentItsChallengersAndEverythingRecorded(String form) {
        String champion = createModel(editor, "champion");
        String challenger = createModel(editor, "challenger");
        String id = editor.post(EXPERIMENTS, anExperiment().champion(champion, 50).withChallenger(challenger, 50)
                .active().body()).json().get("id").asText();
        Api.Response assigned = editor.post(EXPERIMENTS + "/" + id + "/assignments", Map.of("customerId", "c1"));
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        Api.Response outcome = editor.post(EXPERIMENTS + "/" + id + "/outcomes",
                Map.of("customerId", "c1", "idempotencyKey", "o1"));
        assertThat(outcome.status()).as(outcome.raw()).isEqualTo(201);
        for (String table : RECORDED) {
            assertThat(rows(table, id)).as(table + " before delete").isPositive();
        }

        Api.Response r = editor.delete(form.equals("path") ? EXPERIMENTS + "/" + id : EXPERIMENTS + "?id=" + id);

        assertThat(r.status()).as(r.raw()).isEqualTo(204);
        assertThat(r.raw()).isEmpty();
        assertError(editor.get(EXPERIMENTS + "/" + id), 404, "NOT_FOUND");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM experiments WHERE id = ?").param(id).query(Long.class).single())
                .isZero();
        for (String table : RECORDED) {
            assertThat(rows(table, id)).as(table + " after delete").isZero();
        }
        assertThat(editor.get("/api/v1/algorithm-models/" + champion).status()).as("models stay").isEqualTo(200);
        assertError(editor.delete(EXPERIMENTS + "/" + id), 404, "NOT_FOUND");
    }

    @Test
    void freesTheKeyForReuse() {
        String id = editor.post(EXPERIMENTS, anExperiment().key("reused").body()).json().get("id").asText();
        assertThat(admin.delete(EXPERIMENTS + "?id=" + id).status()).isEqualTo(204);

        assertThat(editor.post(EXPERIMENTS, anExperiment().key("reused").body()).status()).isEqualTo(201);
    }

    @Test
    void answers404ForAnUnknownOrForeignExperimentInBothForms() {
        Api otherEditor = new Api(port, otherTenant().editor());
        String foreign = otherEditor.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();

        assertError(editor.delete(EXPERIMENTS + "/exp_unknown"), 404, "NOT_FOUND");
        assertError(editor.delete(EXPERIMENTS + "?id=exp_unknown"), 404, "NOT_FOUND");
        assertError(admin.delete(EXPERIMENTS + "/" + foreign), 404, "NOT_FOUND");
        assertError(admin.delete(EXPERIMENTS + "?id=" + foreign), 404, "NOT_FOUND");
        assertThat(otherEditor.get(EXPERIMENTS + "/" + foreign).status()).as("foreign experiment survives")
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?id=", "?id=%20"})
    void rejectsACollectionDeleteWithoutAnId(String query) {
        editor.post(EXPERIMENTS, anExperiment().body());

        assertError(editor.delete(EXPERIMENTS + query), 400, null);
        assertThat(editor.get(EXPERIMENTS).json().get("data")).hasSize(1);
    }

    private long rows(String table, String experimentId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), experimentId).query(Long.class).single();
    }
}
