package dev.verdict.web;

import static dev.verdict.support.Envelope.assertClientError;
import static dev.verdict.support.Envelope.assertError;
import static dev.verdict.support.Envelope.assertNoLeaks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

@ApiTest
class ErrorEnvelopeApiTest extends ApiTestBase {

    private static final String MODELS = "/api/v1/algorithm-models";

    @Test
    void unknownRouteWithValidKeyIs404Envelope() {
        assertError(admin.get("/api/v1/no-such-thing"), 404, "NOT_FOUND");
        assertError(admin.get("/no-such-thing-at-all"), 404, "NOT_FOUND");
        assertError(admin.post("/api/v1/no-such-thing", Map.of("a", 1)), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodIs405EnvelopeWithAllowHeader() {
        Api.Response r = admin.delete(MODELS);
        assertError(r, 405, "METHOD_NOT_ALLOWED");
        assertThat(r.header("Allow")).contains("GET").contains("POST");
        String id = createModel(admin, "m405");
        assertError(admin.send("PATCH", MODELS + "/" + id, "{}", "application/json"), 405, "METHOD_NOT_ALLOWED");
        assertError(admin.post(MODELS + "/" + id, Map.of("name", "x")), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void textPlainBodyIs415Envelope() {
        assertError(admin.send("POST", MODELS, "key=a", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(admin.send("POST", MODELS, "<model/>", "application/xml"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"key\": \"a\"", "{\"key\": \"a\",", "{\"key\" \"a\"}", "{'key': 'a'}",
            "{\"key\": \"a\"} trailing", "nul", "{\"key\": tru}", "\u0000"})
    void malformedOrTruncatedJsonIs400BadRequest(String body) {
        Api.Response r = admin.send("POST", MODELS, body, "application/json");
        assertError(r, 400, "BAD_REQUEST");
    }

    @Test
    void missingBodyIs400() {
        assertError(admin.send("POST", MODELS, null, "application/json"), 400, "BAD_REQUEST");
        assertError(admin.send("POST", MODELS, "null", "application/json"), 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"key\": \"a\"}]", "5", "\"a string\"", "true", "1.5"})
    void jsonArrayOrScalarWhereObjectExpectedIs400(String body) {
        Api.Response r = admin.send("POST", MODELS, body, "application/json");
        assertError(r, 400, "BAD_REQUEST");
        Api.Response put = admin.send("PUT", MODELS + "/" + createModel(admin, "shape" + body.hashCode()), body,
                "application/json");
        assertError(put, 400, "BAD_REQUEST");
    }

    @Test
    void wrongFieldTypesAre400ValidationFailedNamingTheField() {
        Map<String, String> cases = Map.of(
                "version", "{\"key\": \"k1\", \"name\": \"n\", \"modelType\": \"bayesian\", \"version\": \"1\"}",
                "name", "{\"key\": \"k1\", \"name\": 5, \"modelType\": \"bayesian\"}",
                "trainingSamples", "{\"key\": \"k1\", \"name\": \"n\", \"modelType\": \"bayesian\", "
                        + "\"trainingSamples\": true}",
                "config", "{\"key\": \"k1\", \"name\": \"n\", \"modelType\": \"bayesian\", \"config\": [1, 2]}",
                "key", "{\"key\": {\"a\": 1}, \"name\": \"n\", \"modelType\": \"bayesian\"}");
        cases.forEach((field, body) -> {
            Api.Response r = admin.send("POST", MODELS, body, "application/json");
            JsonNode error = assertError(r, 400, "VALIDATION_FAILED");
            assertThat(error.path("details").isArray()).as(r.raw()).isTrue();
            assertThat(error.path("details").get(0).path("field").asText()).as(r.raw()).isEqualTo(field);
            assertThat(error.path("details").get(0).path("message").asText()).as(r.raw()).isNotBlank();
        });
        Api.Response version = admin.post(MODELS, Map.of("key", "k1", "name", "n", "modelType", "bayesian",
                "version", 1.5));
        assertError(version, 400, "VALIDATION_FAILED");
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isZero();
    }

    @Test
    void invalidUtf8BytesAre400() {
        byte[] prefix = "{\"key\": \"k\", \"name\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\", \"modelType\": \"bayesian\"}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            Api.Response r = admin.send("POST", MODELS, body, "application/json");
            assertError(r, 400, "BAD_REQUEST");
        }
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isZero();
    }

    @Test
    void deeplyNestedConfigIs400() {
        String nested = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        String body = "{\"key\": \"deep\", \"name\": \"n\", \"modelType\": \"bayesian\", \"config\": " + nested + "}";
        assertError(admin.send("POST", MODELS, body, "application/json"), 400, "BAD_REQUEST");
        String arrays = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        String body2 = "{\"key\": \"deep\", \"name\": \"n\", \"modelType\": \"bayesian\", \"config\": " + arrays + "}";
        assertError(admin.send("POST", MODELS, body2, "application/json"), 400, "BAD_REQUEST");
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isZero();
    }

    @Test
    void bodyOverOneMebibyteWithContentLengthIs413() {
        String body = "{\"key\": \"big\", \"name\": \"n\", \"modelType\": \"bayesian\", \"description\": \""
                + "x".repeat(1024 * 1024) + "\"}";
        assertError(admin.send("POST", MODELS, body, "application/json"), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyOverOneMebibyteIs413() throws Exception {
        byte[] body = ("{\"key\": \"big\", \"name\": \"n\", \"modelType\": \"bayesian\", \"config\": {\"blob\": \""
                + "x".repeat(1024 * 1024 + 10) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + MODELS))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tenant.admin())
                .header("Content-Type", "application/json")
                // an InputStream publisher has no known length, so the client sends Transfer-Encoding: chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        Api.Response r = new Api.Response(response.statusCode(), response.headers().map(), response.body());
        assertError(r, 413, "PAYLOAD_TOO_LARGE");
        assertThat(admin.get(MODELS).json().path("pagination").path("total").asLong()).isZero();
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String head = "{\"key\": \"nearly\", \"name\": \"n\", \"modelType\": \"bayesian\", \"config\": {\"blob\": \"";
        String tail = "\"}}";
        String body = head + "x".repeat(1024 * 1024 - head.length() - tail.length()) + tail;
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(1024 * 1024);
        Api.Response r = admin.send("POST", MODELS, body, "application/json");
        assertThat(r.status()).as(r.toString().substring(0, Math.min(300, r.toString().length()))).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR '1'='1", "1; DROP TABLE algorithm_models; --", "\" OR \"\"=\"", "<script>alert(1)</script>",
            "mdl_%00", "../../etc/passwd", "a/b", "a\\b", "%", "🙂", "mdl_\u0000x", "name'--"})
    void pathIdsWithMetacharactersAre4xxEnvelopes(String id) {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        for (String method : List.of("GET", "PUT", "DELETE")) {
            Api.Response r = admin.send(method, MODELS + "/" + encoded, method.equals("PUT") ? "{\"name\": \"x\"}" : null,
                    "application/json");
            assertClientError(r);
            assertThat(r.raw()).doesNotContain("<script>");
        }
    }

    @Test
    void tooLongPathIdsAre4xx() {
        for (int length : new int[]{41, 300, 5_000, 20_000}) {
            String id = "mdl_" + "A".repeat(length);
            Api.Response r = admin.get(MODELS + "/" + id);
            assertThat(r.status()).as("id of %d characters: %s", length, r.status()).isBetween(400, 499);
            assertNoLeaks(r);
            if (length <= 5_000) {
                assertClientError(r);
                assertThat(r.raw().length()).isLessThan(1_000);
            }
        }
    }

    @Test
    void storedCorruptRowIs500WithGenericMessageAndRequestId() {
        String id = createModel(admin, "corrupt");
        jdbc.sql("UPDATE algorithm_models SET config_json = ? WHERE tenant_id = ? AND id = ?")
                .params("{not json", tenant.id(), id).update();
        Api.Response r = admin.get(MODELS + "/" + id);
        JsonNode error = assertError(r, 500, "INTERNAL_ERROR");
        assertThat(error.path("requestId").asText()).isNotBlank().isEqualTo(r.header("X-Request-Id"));
        assertThat(error.path("message").asText()).contains(r.header("X-Request-Id")).doesNotContain("not json");
    }

    @Test
    void authenticationAndAuthorizationErrorsUseTheEnvelope() {
        assertError(anonymous.get(MODELS), 401, "UNAUTHORIZED");
        assertError(new Api(port, "krn_" + "z".repeat(40)).get(MODELS), 401, "UNAUTHORIZED");
        assertError(viewer.post(MODELS, Map.of("key", "k", "name", "n", "modelType", "bayesian")), 403, "FORBIDDEN");
        assertError(admin.get(MODELS + "/mdl_01JD3Q8W5T0000000000000000"), 404, "NOT_FOUND");
    }

    @Test
    void firewallRejectionsUseTheEnvelope() {
        assertError(admin.get(MODELS + "/a%2Fb"), 400, "BAD_REQUEST");
        assertError(admin.get(MODELS + "/a;b=c"), 400, "BAD_REQUEST");
        assertError(admin.get("/api/v1/%2e%2e/me"), 400, "BAD_REQUEST");
    }

    @Test
    void validationFailureListsEveryFieldInDetails() {
        Api.Response r = admin.post(MODELS, Map.of("key", "k", "name", "n".repeat(256), "modelType", "bayesian",
                "description", "d".repeat(4001)));
        JsonNode error = assertError(r, 400, "VALIDATION_FAILED");
        List<String> fields = Arrays.asList(error.path("details").valueStream().map(d -> d.path("field").asText())
                .toArray(String[]::new));
        assertThat(fields).containsExactly("description", "name");
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        Api.Response r = admin.post(MODELS, Map.of("key", "k", "name", "n", "modelType", "bayesian", "colour", "red"));
        // either refused by name, or ignored; never a 500
        if (r.status() != 201) {
            JsonNode error = assertError(r, 400, "VALIDATION_FAILED");
            assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("colour");
        }
    }
}
