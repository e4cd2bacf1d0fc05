package dev.verdict.model;

import dev.verdict.web.RequiredOnCreate;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Body of POST (key, name, modelType required) and PUT (every field optional; absent fields keep their values). */
public record ModelRequest(
        @Schema(example = "bayesian-v1", maxLength = 255) @Size(max = 255) @RequiredOnCreate String key,
        @Schema(example = "Bayesian credit model v1", maxLength = 255) @Size(max = 255) @RequiredOnCreate String name,
        @Schema(maxLength = 4000) @Size(max = 4000) String description,
        @Schema(example = "bayesian", allowableValues = {"scorecard", "bayesian", "logistic_regression",
                "gradient_boosted", "thompson_bandit", "epsilon_greedy", "neural_cf", "online_learner",
                "external_endpoint"}) @Size(max = 32) @RequiredOnCreate String modelType,
        @Schema(example = "draft", allowableValues = {"draft", "active", "paused", "archived"}) @Size(max = 16)
        String status,
        @Schema(example = "1", minimum = "1") Integer version,
        @Schema(description = "Free-form configuration, at most 100 keys") Map<String, Object> config,
        @Schema(description = "Metrics such as {\"auc\": 0.78}, at most 100 keys") Map<String, Object> metrics,
        @Schema(minimum = "0") Long trainingSamples,
        @Schema(example = "2026-03-01T10:00:00.000Z") @Size(max = 40) String lastTrainedAt) { }
