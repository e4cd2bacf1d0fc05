package dev.verdict.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@ApiTest
class AssignmentSmokeApiTest extends ApiTestBase {

    @Test
    void assignsStickilyAndRecordsAnIdempotentConversion() {
        String champion = createModel(editor, "scorecard-v1");
        String challenger = createModel(editor, "bayesian-v1");
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "cc-bayesian-test", "name", "CC",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);
        String id = exp.json().get("id").asText();

        Api.Response first = editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", "CUST0001"));
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.json().get("variant").asText()).isEqualTo("bayesian-v1");
        assertThat(first.json().get("new").asBoolean()).isTrue();
        Api.Response again = editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", "CUST0001"));
        assertThat(again.json().get("new").asBoolean()).isFalse();
        assertThat(again.json().get("assignedAt")).isEqualTo(first.json().get("assignedAt"));

        Api.Response outcome = editor.post("/api/v1/experiments/" + id + "/outcomes",
                Map.of("customerId", "CUST0001", "idempotencyKey", "k1", "value", 10));
        assertThat(outcome.status()).as(outcome.raw()).isEqualTo(201);
        assertThat(outcome.json().get("variant").asText()).isEqualTo("bayesian-v1");
        Api.Response replay = editor.post("/api/v1/experiments/" + id + "/outcomes",
                Map.of("customerId", "CUST0001", "idempotencyKey", "k1", "value", 10));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id")).isEqualTo(outcome.json().get("id"));
        Api.Response conflict = editor.post("/api/v1/experiments/" + id + "/outcomes",
                Map.of("customerId", "CUST0001", "idempotencyKey", "k1", "value", 11));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("IDEMPOTENCY_CONFLICT");

        Api.Response batch = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", List.of("CUST0002", "CUST0003", "CUST0001")));
        assertThat(batch.status()).as(batch.raw()).isEqualTo(200);
        assertThat(batch.json().get("data")).hasSize(3);
        assertThat(batch.json().get("data").get(2).get("new").asBoolean()).isFalse();
    }
}
