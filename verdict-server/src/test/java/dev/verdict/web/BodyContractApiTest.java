package dev.verdict.web;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.support.Api;
import dev.verdict.support.ApiContract;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the document promises about bodies (BodyContract), and the check that holds every API test's answers to
 * it (support.ApiContract): a property the server always writes is required, one that can be null says so, one
 * left out when empty is optional; a create has its own schema with what it needs, and an update needs nothing.
 * BadInputApiTest sends every body without each property the document requires.
 */
@ApiTest
class BodyContractApiTest extends ApiTestBase {

    private JsonNode schemas;

    @BeforeEach
    void fetch() {
        Api.Response r = anonymous.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        schemas = r.json().get("components").get("schemas");
    }

    @Test
    void answersRequireWhatTheServerAlwaysWritesAndSayWhichCanBeNull() {
        JsonNode experiment = schemas.get("ExperimentView");
        assertThat(names(experiment.get("required"))).contains("id", "key", "status", "description", "startedAt",
                "championModel");
        assertThat(types(experiment.get("properties").get("id"))).containsExactly("string");
        assertThat(types(experiment.get("properties").get("description"))).containsExactlyInAnyOrder("string", "null");
        assertThat(experiment.get("properties").get("championModel").get("oneOf").toString())
                .as("a reference that can be null").contains("#/components/schemas/ModelSummary", "\"null\"");
        assertThat(types(schemas.get("ModelView").get("properties").get("trainingSamples")))
                .containsExactlyInAnyOrder("integer", "null");
        assertThat(names(schemas.get("AssignmentView").get("required"))).as("@JsonProperty names").contains("new")
                .doesNotContain("created");
    }

    @Test
    void propertiesLeftOutWhenEmptyAreOptionalAndNeverNull() {
        JsonNode error = schemas.get("Error");
        assertThat(names(error.get("required"))).containsExactlyInAnyOrder("code", "message", "status");
        assertThat(types(error.get("properties").get("requestId"))).containsExactly("string");
        JsonNode verification = schemas.get("Verification");
        assertThat(names(verification.get("required"))).containsExactlyInAnyOrder("valid", "checked");
        assertThat(verification.get("properties").get("firstBroken").has("oneOf")).isFalse();
        JsonNode results = schemas.get("ExperimentResults");
        assertThat(names(results.get("required"))).contains("experimentId", "source", "phase")
                .doesNotContain("uplift", "promotion", "comparisons");
    }

    @Test
    void aCreateHasItsOwnSchemaWithWhatItNeedsAndAnUpdateNeedsNothing() {
        JsonNode paths = anonymous.get("/v3/api-docs").json().get("paths");
        assertThat(body(paths, "/api/v1/experiments", "post")).isEqualTo("CreateExperimentRequest");
        assertThat(body(paths, "/api/v1/experiments/{id}", "put")).isEqualTo("ExperimentRequest");
        assertThat(body(paths, "/api/v1/algorithm-models", "post")).isEqualTo("CreateModelRequest");
        assertThat(body(paths, "/api/v1/webhooks", "post")).isEqualTo("CreateWebhookRequest");
        assertThat(names(schemas.get("CreateExperimentRequest").get("required"))).containsExactly("key", "name");
        assertThat(names(schemas.get("CreateModelRequest").get("required")))
                .containsExactly("key", "modelType", "name");
        assertThat(names(schemas.get("CreateWebhookRequest").get("required"))).containsExactly("url");
        assertThat(schemas.get("CreateExperimentRequest").get("properties"))
                .isEqualTo(schemas.get("ExperimentRequest").get("properties"));
        for (String update : List.of("ExperimentRequest", "ModelRequest", "WebhookRequest", "TrafficSplit")) {
            assertThat(schemas.get(update).has("required")).as("%s: PUT keeps what a request leaves out", update)
                    .isFalse();
        }
        assertThat(names(schemas.get("ChallengerRequest").get("required")))
                .as("a challenger entry, on create and update alike").containsExactly("modelId", "trafficPct");
        assertThat(names(schemas.get("AssignRequest").get("required"))).containsExactly("customerId");
    }

    private static String body(JsonNode paths, String path, String method) {
        String ref = paths.get(path).get(method).get("requestBody").get("content").get("application/json")
                .get("schema").get("$ref").asText();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    @Test
    void theCheckOnEveryAnswerCatchesAMissingPropertyAnUnexpectedNullAndAWrongType() {
        String id = anExperiment("contract-check").champion(createModel(admin, "contract-champion"), 100).create(admin);
        Api.Response real = admin.get("/api/v1/experiments/" + id);
        ApiContract contract = ApiContract.committed();
        String path = "/api/v1/experiments/" + id;
        assertThat(contract.problems("GET", path, 200, "application/json", real.raw())).isEmpty();

        ObjectNode missing = (ObjectNode) real.json().deepCopy();
        missing.remove("status");
        assertThat(contract.problems("GET", path, 200, "application/json", missing.toString()))
                .anyMatch(p -> p.contains("status"));
        ObjectNode nullKey = (ObjectNode) real.json().deepCopy();
        nullKey.putNull("key");
        assertThat(contract.problems("GET", path, 200, "application/json", nullKey.toString()))
                .anyMatch(p -> p.contains("/key"));
        ObjectNode nullDescription = (ObjectNode) real.json().deepCopy();
        nullDescription.putNull("description");
        assertThat(contract.problems("GET", path, 200, "application/json", nullDescription.toString()))
                .as("description may be null").isEmpty();
        ObjectNode wrongType = (ObjectNode) real.json().deepCopy();
        wrongType.put("phase", "one");
        assertThat(contract.problems("GET", path, 200, "application/json", wrongType.toString()))
                .anyMatch(p -> p.contains("/phase"));
        assertThatThrownBy(() -> contract.check("GET", path, 200, "application/json", missing.toString()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("docs/openapi.json");

        String envelopeWithoutMessage = "{\"error\":{\"code\":\"NOT_FOUND\",\"status\":404}}";
        assertThat(contract.problems("GET", "/api/v1/experiments/exp_nope", 404, "application/json",
                envelopeWithoutMessage)).anyMatch(p -> p.contains("message"));
        assertThat(contract.problems("GET", "/console/experiments", 200, "text/html", "<html>")).isEmpty();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static List<String> types(JsonNode property) {
        JsonNode type = property.get("type");
        return type == null ? List.of() : type.isArray() ? names(type) : List.of(type.asText());
    }
}
