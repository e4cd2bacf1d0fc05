package dev.verdict.assignment;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.BucketHash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.H2ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The assignment and outcome write paths on the embedded default (H2 uses the JDBC-batch insert path). */
@H2ApiTest
class AssignmentH2ApiTest extends ApiTestBase {

    @Test
    void batchAssignmentIsStickyAndCountedOnH2() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "h2-assign", "name", "H2",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "holdoutPercent", 10, "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);
        String path = "/api/v1/experiments/" + exp.json().get("id").asText();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            customers.add("h2-" + (i % 250));   // 50 repeated within the batch
        }
        JsonNode first = editor.post(path + "/assignments/batch", Map.of("customerIds", customers)).json()
                .get("data");
        JsonNode again = editor.post(path + "/assignments/batch", Map.of("customerIds", customers)).json()
                .get("data");
        for (int i = 0; i < customers.size(); i++) {
            assertThat(again.get(i).get("variant")).isEqualTo(first.get(i).get("variant"));
            assertThat(again.get(i).get("new").asBoolean()).isFalse();
            String expected = new BucketLayout(java.math.BigDecimal.TEN, java.math.BigDecimal.valueOf(50),
                    List.of(new Arm("chall", java.math.BigDecimal.valueOf(50))))
                    .variantOf(BucketHash.bucket("h2-assign", customers.get(i)));
            assertThat(first.get(i).get("variant").asText()).isEqualTo(expected);
        }
        Long counted = jdbc.sql("SELECT SUM(customers) FROM assignment_counts WHERE tenant_id = ?")
                .param(tenant.id()).query(Long.class).single();
        assertThat(counted).isEqualTo(250);

        Api.Response outcome = editor.post(path + "/outcomes", Map.of("customerId", "h2-1", "idempotencyKey", "o1"));
        assertThat(outcome.status()).as(outcome.raw()).isEqualTo(201);
        assertThat(editor.post(path + "/outcomes", Map.of("customerId", "h2-1", "idempotencyKey", "o1")).status())
                .isEqualTo(200);
        assertThat(viewer.get(path + "/results").json().get("source").asText()).isEqualTo("live");
    }
}
