package dev.verdict.model;

import static dev.verdict.support.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.H2ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded default (H2 in PostgreSQL mode) runs the same schema and queries end to end. */
@H2ApiTest
class EmbeddedH2ApiTest extends ApiTestBase {

    private static final String MODELS = "/api/v1/algorithm-models";

    @Test
    void modelLifecycleWorksOnH2() {
        String product = jdbc.sql("SELECT H2VERSION()").query(String.class).single();
        assertThat(product).as("running on H2").isNotBlank();

        Api.Response created = editor.post(MODELS, Map.of("key", "h2-model", "name", "H2 model",
                "modelType", "thompson_bandit", "config", Map.of("arms", 3)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (int i = 0; i < 4; i++) {
            createModel(editor, "h2-" + i);
        }

        Api.Response page = viewer.get(MODELS + "?limit=2");
        assertThat(page.json().at("/pagination/total").asLong()).isEqualTo(5);
        String cursor = page.json().at("/pagination/cursor").asText();
        Api.Response next = viewer.get(MODELS + "?limit=2&cursor=" + cursor);
        assertThat(next.json().get("data").size()).isEqualTo(2);
        assertThat(next.json().at("/data/0/id").asText()).isNotEqualTo(page.json().at("/data/1/id").asText());
        assertThat(viewer.get(MODELS + "?modelType=thompson_bandit").json().at("/pagination/total").asLong())
                .isEqualTo(1);

        Api.Response got = viewer.get(MODELS + "/" + id);
        assertThat(got.json()).isEqualTo(created.json());
        assertThat(editor.put(MODELS + "/" + id, Map.of("status", "active")).json().get("status").asText())
                .isEqualTo("active");
        assertError(editor.post(MODELS, Map.of("key", "h2-model", "name", "n", "modelType", "bayesian")), 400,
                "DUPLICATE_KEY");
        assertThat(editor.delete(MODELS + "/" + id).status()).isEqualTo(204);
        assertError(viewer.get(MODELS + "/" + id), 404, "NOT_FOUND");

        Api.Response verify = admin.get("/api/v1/audit-logs/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
    }

    @Test
    void errorEnvelopeOnH2() {
        assertError(anonymous.get(MODELS), 401, "UNAUTHORIZED");
        assertError(viewer.post(MODELS, Map.of("key", "k", "name", "n", "modelType", "bayesian")), 403, "FORBIDDEN");
        assertError(admin.send("POST", MODELS, "{\"key\":", "application/json"), 400, "BAD_REQUEST");
        assertError(admin.get(MODELS + "?limit=0"), 400, "VALIDATION_FAILED");
        assertError(admin.get(MODELS + "/mdl_" + "9".repeat(26)), 404, "NOT_FOUND");
        assertError(admin.get(MODELS + "/x' OR '1'='1".replace(" ", "%20").replace("'", "%27")), 404, "NOT_FOUND");
        assertThat(new Api(port, Api.BOOTSTRAP_KEY).get("/api/v1/me").json().get("tenantId").asText())
                .isEqualTo("default");
    }
}
