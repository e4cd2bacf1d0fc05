package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /experiments/{id}/promotion/evaluate: the scheduler's decision as a dry run. */
@ApiTest
class PromotionEvaluateApiTest extends ApiTestBase {

    @Test
    void evaluateOfAQualifyingChallengerSaysPromoteButChangesNothing() {
        String id = experiment(7);
        Traffic.to(editor, id).run("C", 2000, Map.of("chall", 30, "__champion__", 10));
        clock.advance(Duration.ofDays(8));
        JsonNode experimentBefore = viewer.get("/api/v1/experiments/" + id).json();
        long auditBefore = auditTotal();

        Api.Response evaluate = viewer.post(evaluate(id), "");

        assertThat(evaluate.status()).as(evaluate.raw()).isEqualTo(200);
        assertThat(evaluate.json().get("promote").asBoolean()).as(evaluate.raw()).isTrue();
        assertThat(evaluate.json().get("winnerVariant").asText()).isEqualTo("chall");
        assertThat(viewer.post(evaluate(id), "").json()).as("evaluating twice gives the same answer")
                .isEqualTo(evaluate.json());
        assertThat(viewer.get("/api/v1/experiments/" + id).json()).as("the experiment is untouched")
                .isEqualTo(experimentBefore);
        assertThat(viewer.get("/api/v1/experiments/" + id + "/promotions").json().get("pagination").get("total")
                .asLong()).isZero();
        assertThat(auditTotal()).as("no audit entry for a dry run").isEqualTo(auditBefore);
    }

    @Test
    void evaluateReturnsTheSameDecisionAsTheResultsPromotionBlock() {
        String id = experiment(7);
        Traffic.to(editor, id).run("C", 2000, Map.of("chall", 30, "__champion__", 10));
        assertSameAsResults(id, "TOO_EARLY");
        clock.advance(Duration.ofDays(8));
        assertSameAsResults(id, "QUALIFIES");
    }

    @Test
    void tooEarlyUntilPromoteAfterDaysHavePassed() {
        String id = experiment(7);
        Traffic.to(editor, id).run("C", 2000, Map.of("chall", 30, "__champion__", 10));

        assertThat(reason(id)).isEqualTo("TOO_EARLY");
        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(reason(id)).as("a minute before the wait is over").isEqualTo("TOO_EARLY");
        clock.advance(Duration.ofMinutes(2));
        assertThat(reason(id)).isEqualTo("QUALIFIES");
    }

    @Test
    void insufficientDataWithFewSamples() {
        String id = experiment(7);
        Traffic.to(editor, id).run("C", 40, Map.of("chall", 50, "__champion__", 10));
        clock.advance(Duration.ofDays(8));

        Api.Response evaluate = viewer.post(evaluate(id), "");

        assertThat(evaluate.json().get("promote").asBoolean()).isFalse();
        assertThat(reason(id)).isEqualTo("INSUFFICIENT_DATA");
        assertSameAsResults(id, "INSUFFICIENT_DATA");
    }

    @Test
    void anotherTenantsExperimentIsNotFound() {
        String id = experiment(7);
        Api.Response r = new Api(port, otherTenant().viewer()).post(evaluate(id), "");
        assertThat(r.status()).as(r.raw()).isEqualTo(404);
    }

    private void assertSameAsResults(String id, String expectedReason) {
        Api.Response evaluate = viewer.post(evaluate(id), "");
        Api.Response results = viewer.get("/api/v1/experiments/" + id + "/results");
        assertThat(evaluate.status()).as(evaluate.raw()).isEqualTo(200);
        assertThat(evaluate.json()).as("evaluate vs /results promotion block")
                .isEqualTo(results.json().get("promotion"));
        assertThat(evaluate.json().get("verdicts").get(0).get("reason").asText()).isEqualTo(expectedReason);
    }

    private String reason(String id) {
        Api.Response r = viewer.post(evaluate(id), "");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().get("verdicts").get(0).get("reason").asText();
    }

    private long auditTotal() {
        return admin.get("/api/v1/audit-logs").json().get("pagination").get("total").asLong();
    }

    private static String evaluate(String id) {
        return "/api/v1/experiments/" + id + "/promotion/evaluate";
    }

    private String experiment(int promoteAfterDays) {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response r = editor.post("/api/v1/experiments", Map.of("key", "evaluate", "name", "Evaluate",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50)), "autoPromote", true,
                "promoteThreshold", 0.05, "promoteAfterDays", promoteAfterDays));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
