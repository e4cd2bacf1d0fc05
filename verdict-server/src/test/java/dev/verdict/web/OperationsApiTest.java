package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@ApiTest
class OperationsApiTest extends ApiTestBase {

    @Test
    void healthIsOpenWithoutAKey() {
        Api.Response r = anonymous.get("/actuator/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void prometheusServesTextMetrics() {
        admin.get("/api/v1/me");
        Api.Response r = anonymous.get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.raw()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }

    @Test
    void openApiDocumentListsThePathsAndApiKeySecuritySchemes() {
        Api.Response r = anonymous.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode doc = r.json();
        assertThat(doc.at("/info/title").asText()).isEqualTo("Verdict");
        assertThat(doc.at("/info/description").asText()).isNotBlank();
        List<String> paths = new ArrayList<>(doc.get("paths").propertyNames());
        assertThat(paths).contains("/api/v1/algorithm-models", "/api/v1/algorithm-models/{id}", "/api/v1/api-keys",
                "/api/v1/api-keys/{id}", "/api/v1/audit-logs", "/api/v1/audit-logs/verify", "/api/v1/me");

        JsonNode schemes = doc.at("/components/securitySchemes");
        List<String> kinds = new ArrayList<>();
        schemes.forEach(s -> kinds.add(s.path("type").asText() + ":" + s.path("scheme").asText()
                + s.path("in").asText() + ":" + s.path("name").asText()));
        assertThat(kinds).contains("http:bearer:", "apiKey:header:X-Api-Key");
        assertThat(doc.get("security").size()).as("schemes apply globally").isEqualTo(2);
    }

    @Test
    void swaggerUiIsServed() {
        Api.Response r = anonymous.get("/swagger-ui/index.html");
        assertThat(r.status()).isEqualTo(200);
    }
}
