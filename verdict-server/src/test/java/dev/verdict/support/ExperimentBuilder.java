package dev.verdict.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data builder for experiments created over the API: {@code anExperiment("k").champion(id).active()}. */
public final class ExperimentBuilder {

    private final Map<String, Object> body = new LinkedHashMap<>();
    private final List<Map<String, Object>> challengers = new ArrayList<>();

    private ExperimentBuilder(String key) {
        body.put("key", key);
        body.put("name", "Experiment " + key);
    }

    public static ExperimentBuilder anExperiment(String key) {
        return new ExperimentBuilder(key);
    }

    public ExperimentBuilder champion(String modelId, Number pct) {
        body.put("championModelId", modelId);
        body.put("trafficSplit", Map.of("championPct", pct));
        return this;
    }

    public ExperimentBuilder challenger(String modelId, Number pct) {
        challengers.add(Map.of("modelId", modelId, "trafficPct", pct));
        return this;
    }

    public ExperimentBuilder holdout(Number pct) {
        body.put("holdoutPercent", pct);
        return this;
    }

    public ExperimentBuilder status(String status) {
        body.put("status", status);
        return this;
    }

    public ExperimentBuilder active() {
        return status("active");
    }

    public Map<String, Object> body() {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (!challengers.isEmpty()) {
            copy.put("challengers", List.copyOf(challengers));
        }
        return copy;
    }

    /** Creates the experiment and returns its id; fails the test with the response when it is not 201. */
    public String create(Api api) {
        Api.Response r = api.post("/api/v1/experiments", body());
        if (r.status() != 201) {
            throw new AssertionError("could not create experiment: " + r);
        }
        return r.json().get("id").asText();
    }
}
