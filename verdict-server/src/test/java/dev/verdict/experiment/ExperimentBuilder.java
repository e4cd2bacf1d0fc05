package dev.verdict.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request bodies for POST/PUT /api/v1/experiments, e.g.
 * {@code anExperiment().champion(id, 50).withChallenger(other, 50).active().body()}. A fresh builder has a unique key,
 * a name and a valid split (championPct 100, no challengers), so a test only states what it is about.
 */
final class ExperimentBuilder {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Map<String, Object> body = new LinkedHashMap<>();
    private final List<Map<String, Object>> challengers = new ArrayList<>();
    private boolean challengersSet;

    private ExperimentBuilder() {
    }

    static ExperimentBuilder anExperiment() {
        int n = SEQ.incrementAndGet();
        return new ExperimentBuilder().key("exp-" + n).name("Experiment " + n).championPct(100);
    }

    /** A builder with nothing set, for PUT bodies and for testing the defaults. */
    static ExperimentBuilder empty() {
        return new ExperimentBuilder();
    }

    ExperimentBuilder key(String key) {
        return with("key", key);
    }

    ExperimentBuilder name(String name) {
        return with("name", name);
    }

    ExperimentBuilder description(String description) {
        return with("description", description);
    }

    ExperimentBuilder status(String status) {
        return with("status", status);
    }

    ExperimentBuilder active() {
        return status("active");
    }

    ExperimentBuilder championModelId(String modelId) {
        return with("championModelId", modelId);
    }

    ExperimentBuilder championPct(Object pct) {
        return with("trafficSplit", Map.of("championPct", pct));
    }

    ExperimentBuilder champion(String modelId, Object pct) {
        return championModelId(modelId).championPct(pct);
    }

    ExperimentBuilder withChallenger(String modelId, Object pct) {
        challengersSet = true;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("modelId", modelId);
        c.put("trafficPct", pct);
        challengers.add(c);
        return this;
    }

    /** {@code "challengers": []}: on PUT, removes every challenger. */
    ExperimentBuilder noChallengers() {
        challengersSet = true;
        challengers.clear();
        return this;
    }

    ExperimentBuilder holdoutPercent(Object pct) {
        return with("holdoutPercent", pct);
    }

    ExperimentBuilder autoPromote(Object value) {
        return with("autoPromote", value);
    }

    ExperimentBuilder promoteThreshold(Object value) {
        return with("promoteThreshold", value);
    }

    ExperimentBuilder promoteAfterDays(Object value) {
        return with("promoteAfterDays", value);
    }

    ExperimentBuilder results(Object results) {
        return with("results", results);
    }

    ExperimentBuilder with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    ExperimentBuilder without(String field) {
        body.remove(field);
        return this;
    }

    Map<String, Object> body() {
        Map<String, Object> out = new LinkedHashMap<>(body);
        if (challengersSet) {
            out.put("challengers", List.copyOf(challengers));
        }
        return out;
    }
}
