package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentBuilder.empty;
import static dev.verdict.experiment.ExperimentCreateApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.H2ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The core walk on the embedded default database (H2 in PostgreSQL mode). */
@H2ApiTest
class ExperimentH2ApiTest extends ApiTestBase {

    private static final String EXPERIMENTS = "/api/v1/experiments";

    @Test
    void createsReadsUpdatesAndDeletesOnH2() {
        String champion = createModel(editor, "champion");
        String a = createModel(editor, "a");
        String b = createModel(editor, "b");

        assertError(editor.post(EXPERIMENTS, Map.of("key", "only", "name", "Only")), 400, "INVALID_TRAFFIC_SPLIT");
        assertError(editor.post(EXPERIMENTS, anExperiment().championPct(33.33).withChallenger(a, 33.33)
                .withChallenger(b, 33.33).body()), 400, "INVALID_TRAFFIC_SPLIT");

        Api.Response created = editor.post(EXPERIMENTS, anExperiment().key("h2").champion(champion, 33.33)
                .withChallenger(a, 33.33).withChallenger(b, 33.34).active().body());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith(EXPERIMENTS + "/" + id);
        assertError(editor.post(EXPERIMENTS, anExperiment().key("h2").body()), 400, "DUPLICATE_KEY");

        JsonNode read = viewer.get(EXPERIMENTS + "/" + id).json();
        assertThat(read).isEqualTo(created.json());
        assertThat(read.get("championModel").get("key").asText()).isEqualTo("champion");
        assertThat(read.get("challengers").get(1).get("trafficPct").decimalValue()).isEqualByComparingTo("33.34");
        assertThat(viewer.get(EXPERIMENTS + "?limit=1").json().get("pagination").get("total").asLong()).isEqualTo(1);

        Api.Response updated = editor.put(EXPERIMENTS + "/" + id, empty().championPct(75).withChallenger(b, 25)
                .results(Map.of("uplift", 0.01)).body());
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.json().get("challengers")).hasSize(1);
        assertThat(viewer.get(EXPERIMENTS + "/" + id).json()).isEqualTo(updated.json());
        assertError(editor.put(EXPERIMENTS + "/" + id, empty().championPct(80).body()), 400,
                "INVALID_TRAFFIC_SPLIT");
        assertError(editor.put(EXPERIMENTS + "/" + id, Map.of("key", "renamed")), 400, "KEY_LOCKED");
        assertThat(viewer.get(EXPERIMENTS + "/" + id).json()).isEqualTo(updated.json());

        assertThat(editor.post(EXPERIMENTS + "/" + id + "/assignments", Map.of("customerId", "c1")).status())
                .isEqualTo(200);
        assertThat(editor.delete(EXPERIMENTS + "/" + id).status()).isEqualTo(204);
        assertError(viewer.get(EXPERIMENTS + "/" + id), 404, "NOT_FOUND");
        for (String table : new String[] {"experiment_challengers", "assignments", "assignment_counts"}) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE experiment_id = ?").param(id)
                    .query(Long.class).single()).as(table).isZero();
        }

        String second = editor.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();
        assertThat(editor.delete(EXPERIMENTS + "?id=" + second).status()).isEqualTo(204);
        assertError(viewer.get(EXPERIMENTS + "/" + second), 404, "NOT_FOUND");
        assertError(editor.delete(EXPERIMENTS), 400, null);
    }
}
