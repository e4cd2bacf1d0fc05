package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiTest
class PromotionFlowApiTest extends ApiTestBase {

    @Autowired
    PromotionService promotions;

    @Test
    void schedulerPromotesAChallengerThatTrulyConvertsBetterOnceItsWaitIsOver() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response exp = editor.post("/api/v1/experiments", Map.of("key", "promo-test", "name", "Promo",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50)), "autoPromote", true,
                "promoteThreshold", 0.05, "promoteAfterDays", 7));
        assertThat(exp.status()).as(exp.raw()).isEqualTo(201);
        String id = exp.json().get("id").asText();

        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            customers.add("C" + i);
        }
        JsonNode assigned = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", customers.subList(0, 1000))).json().get("data");
        JsonNode assigned2 = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", customers.subList(1000, 2000))).json().get("data");
        List<Map<String, Object>> outcomes = new ArrayList<>();
        int i = 0;
        for (JsonNode list : List.of(assigned, assigned2)) {
            for (JsonNode a : list) {
                boolean isChallenger = a.get("variant").asText().equals("chall");
                // challenger converts 30%, champion 10%
                if ((isChallenger && i % 10 < 3) || (!isChallenger && i % 10 < 1)) {
                    outcomes.add(Map.of("customerId", a.get("customerId").asText(), "idempotencyKey", "o" + i));
                }
                i++;
            }
        }
        for (int from = 0; from < outcomes.size(); from += 1000) {
            Api.Response batch = editor.post("/api/v1/experiments/" + id + "/outcomes/batch",
                    Map.of("outcomes", outcomes.subList(from, Math.min(outcomes.size(), from + 1000))));
            assertThat(batch.status()).as(batch.raw()).isEqualTo(200);
        }
        Api.Response results = viewer.get("/api/v1/experiments/" + id + "/results");
        assertThat(results.status()).as(results.raw()).isEqualTo(200);
        assertThat(results.json().get("source").asText()).isEqualTo("live");
        assertThat(results.json().path("promotion").path("verdicts").get(0).get("reason").asText())
                .isEqualTo("TOO_EARLY");
        // runAll() also visits other tests' experiments in the shared database: judge this experiment only
        promotions.runAll();
        assertThat(promotionCount(id)).as("nothing is promoted before promoteAfterDays").isZero();

        clock.advance(Duration.ofDays(8));
        Api.Response evaluate = viewer.post("/api/v1/experiments/" + id + "/promotion/evaluate", "");
        assertThat(evaluate.status()).as(evaluate.raw()).isEqualTo(200);
        assertThat(evaluate.json().get("promote").asBoolean()).as(evaluate.raw()).isTrue();

        assertThat(promotions.runAll()).isGreaterThanOrEqualTo(1);
        promotions.runAll();
        assertThat(promotionCount(id)).as("promoted once, and not again in the new phase").isEqualTo(1);
        JsonNode after = viewer.get("/api/v1/experiments/" + id).json();
        assertThat(after.get("championModelId").asText()).isEqualTo(challenger);
        assertThat(after.get("challengers")).isEmpty();
        assertThat(after.get("phase").asInt()).isEqualTo(2);
        Api.Response history = viewer.get("/api/v1/experiments/" + id + "/promotions");
        assertThat(history.json().get("data")).hasSize(1);
        JsonNode record = history.json().get("data").get(0);
        assertThat(record.get("trigger").asText()).isEqualTo("auto");
        assertThat(record.get("actor").asText()).isEqualTo("scheduler");
        assertThat(record.get("experimentId").asText()).isEqualTo(id);
        assertThat(record.get("endedPhase").asInt()).isEqualTo(1);
        assertThat(record.get("fromModelId").asText()).isEqualTo(champion);
        assertThat(record.get("toModelId").asText()).isEqualTo(challenger);
        assertThat(record.get("promotedAt").asText()).isEqualTo(after.get("phaseStartedAt").asText());
        JsonNode evidence = record.get("evidence");
        assertThat(evidence.get("comparison").get("treatment").asText()).isEqualTo("chall");
        assertThat(evidence.get("comparison").get("treatmentSamples").asLong()
                + evidence.get("comparison").get("controlSamples").asLong()).isEqualTo(2000);
        assertThat(evidence.get("comparison").get("uplift").asDouble()).isGreaterThanOrEqualTo(0.05);
        assertThat(evidence.get("srm").get("mismatch").asBoolean()).isFalse();
        assertThat(evidence.get("decision").get("winnerModelId").asText()).isEqualTo(challenger);

        Api.Response audit = admin.get("/api/v1/audit-logs?entityType=experiment&entityId=" + id);
        assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
        List<JsonNode> promotedEntries = new ArrayList<>();
        audit.json().get("data").forEach(e -> {
            if (e.get("action").asText().equals("experiment.promoted")) {
                promotedEntries.add(e);
            }
        });
        assertThat(promotedEntries).as(audit.raw()).hasSize(1);
        JsonNode entry = promotedEntries.get(0);
        assertThat(entry.get("actor").asText()).isEqualTo("scheduler");
        assertThat(entry.get("before").get("championModelId").asText()).isEqualTo(champion);
        assertThat(entry.get("after").get("championModelId").asText()).isEqualTo(challenger);
        assertThat(entry.get("after").get("phase").asInt()).isEqualTo(2);
        assertThat(admin.get("/api/v1/audit-logs/verify").json().get("valid").asBoolean()).isTrue();
        Api.Response phase1 = viewer.get("/api/v1/experiments/" + id + "/results?phase=1");
        assertThat(phase1.json().get("source").asText()).as(phase1.raw()).isEqualTo("live");
        Api.Response phase2 = viewer.get("/api/v1/experiments/" + id + "/results");
        assertThat(phase2.json().get("phase").asInt()).isEqualTo(2);
        Api.Response reassigned = editor.post("/api/v1/experiments/" + id + "/assignments", Map.of("customerId", "C1"));
        assertThat(reassigned.json().get("new").asBoolean()).isTrue();
        assertThat(reassigned.json().get("phase").asInt()).isEqualTo(2);
    }

    private long promotionCount(String experimentId) {
        return viewer.get("/api/v1/experiments/" + experimentId + "/promotions").json().get("pagination")
                .get("total").asLong();
    }
}
