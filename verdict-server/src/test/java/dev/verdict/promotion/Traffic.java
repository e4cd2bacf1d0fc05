package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Drives an experiment over HTTP: assigns customers in batches and records a conversion for a deterministic share of
 * each variant's customers, so a test can say "the challenger converts 30%, the champion 10%".
 */
final class Traffic {

    private final Api api;
    private final String experimentId;

    private Traffic(Api api, String experimentId) {
        this.api = api;
        this.experimentId = experimentId;
    }

    static Traffic to(Api api, String experimentId) {
        return new Traffic(api, experimentId);
    }

    /**
     * Assigns {@code customers} new customers named {@code prefix + i}, then converts the given percentage of each
     * variant's customers (variants not named convert 0%). Returns the assignments.
     */
    List<JsonNode> run(String prefix, int customers, Map<String, Integer> conversionPctByVariant) {
        List<JsonNode> assigned = new ArrayList<>();
        for (int from = 0; from < customers; from += 1000) {
            List<String> ids = new ArrayList<>();
            for (int i = from; i < Math.min(customers, from + 1000); i++) {
                ids.add(prefix + i);
            }
            Api.Response batch = api.post("/api/v1/experiments/" + experimentId + "/assignments/batch",
                    Map.of("customerIds", ids));
            assertThat(batch.status()).as(batch.raw()).isEqualTo(200);
            batch.json().get("data").forEach(assigned::add);
        }
        List<Map<String, Object>> outcomes = new ArrayList<>();
        int converted = 0;
        Map<String, int[]> perVariant = new java.util.HashMap<>();
        for (JsonNode a : assigned) {
            String variant = a.get("variant").asText();
            int n = perVariant.computeIfAbsent(variant, v -> new int[1])[0]++;
            if (n % 100 < conversionPctByVariant.getOrDefault(variant, 0)) {
                outcomes.add(Map.of("customerId", a.get("customerId").asText(),
                        "idempotencyKey", prefix + "-o" + converted++));
            }
        }
        for (int from = 0; from < outcomes.size(); from += 1000) {
            Api.Response batch = api.post("/api/v1/experiments/" + experimentId + "/outcomes/batch",
                    Map.of("outcomes", outcomes.subList(from, Math.min(outcomes.size(), from + 1000))));
            assertThat(batch.status()).as(batch.raw()).isEqualTo(200);
        }
        return assigned;
    }
}
