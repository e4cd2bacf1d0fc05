package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentCreateApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may call what: writes need admin or editor, reads any key, nothing without a key. */
@ApiTest
class ExperimentRolesApiTest extends ApiTestBase {

    private static final String EXPERIMENTS = "/api/v1/experiments";

    @Test
    void viewerMayNotWrite() {
        String id = admin.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();

        assertError(viewer.post(EXPERIMENTS, anExperiment().body()), 403, "FORBIDDEN");
        assertError(viewer.put(EXPERIMENTS + "/" + id, Map.of("name", "x")), 403, "FORBIDDEN");
        assertError(viewer.delete(EXPERIMENTS + "/" + id), 403, "FORBIDDEN");
        assertError(viewer.delete(EXPERIMENTS + "?id=" + id), 403, "FORBIDDEN");
        assertThat(admin.get(EXPERIMENTS + "/" + id).json().get("name").asText()).isNotEqualTo("x");
        assertThat(admin.get(EXPERIMENTS).json().get("data")).hasSize(1);
    }

    @Test
    void adminAndEditorMayWrite() {
        for (Api api : new Api[] {admin, editor}) {
            Api.Response created = api.post(EXPERIMENTS, anExperiment().body());
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String path = EXPERIMENTS + "/" + created.json().get("id").asText();
            assertThat(api.put(path, Map.of("name", "renamed")).status()).isEqualTo(200);
            assertThat(api.delete(path).status()).isEqualTo(204);
        }
    }

    @Test
    void everyRoleMayRead() {
        String id = admin.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();

        for (Api api : new Api[] {admin, editor, viewer}) {
            assertThat(api.get(EXPERIMENTS).status()).isEqualTo(200);
            assertThat(api.get(EXPERIMENTS + "/" + id).status()).isEqualTo(200);
        }
    }

    @Test
    void noKeyIsUnauthorizedEverywhere() {
        String id = admin.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();

        assertError(anonymous.get(EXPERIMENTS), 401, null);
        assertError(anonymous.get(EXPERIMENTS + "/" + id), 401, null);
        assertError(anonymous.post(EXPERIMENTS, anExperiment().body()), 401, null);
        assertError(anonymous.put(EXPERIMENTS + "/" + id, Map.of("name", "x")), 401, null);
        assertError(anonymous.delete(EXPERIMENTS + "/" + id), 401, null);
        assertError(anonymous.delete(EXPERIMENTS + "?id=" + id), 401, null);
        assertError(anonymous.as("krn_notarealkeynotarealkeynotarealkey0000").get(EXPERIMENTS), 401, null);
        assertThat(admin.get(EXPERIMENTS + "/" + id).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsExperimentIsNotFound() {
        String id = admin.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();
        Api other = new Api(port, otherTenant().admin());

        assertError(other.get(EXPERIMENTS + "/" + id), 404, "NOT_FOUND");
        assertError(other.put(EXPERIMENTS + "/" + id, Map.of("name", "hijacked")), 404, "NOT_FOUND");
        assertError(other.delete(EXPERIMENTS + "/" + id), 404, "NOT_FOUND");
        assertError(other.delete(EXPERIMENTS + "?id=" + id), 404, "NOT_FOUND");
        assertThat(admin.get(EXPERIMENTS + "/" + id).json().get("name").asText()).isNotEqualTo("hijacked");
    }
}
