package dev.verdict.experiment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.verdict.web.RequiredOnCreate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Body of POST /experiments (key and name required) and PUT /experiments/{id} (all optional; absent fields keep
 * their values; {@code challengers}, when present, replaces the list). The creation defaults are in the descriptions,
 * not in OpenAPI {@code default}: generated clients pre-fill fields from it and would send them with every PUT,
 * resetting what the caller meant to keep.
 */
public record ExperimentRequest(
        @Schema(example = "cc-bayesian-test", maxLength = 255, description = "Unique per tenant") @Size(max = 255)
        @RequiredOnCreate String key,
        @Schema(example = "Credit card: Bayesian vs scorecard", maxLength = 255) @Size(max = 255)
        @RequiredOnCreate String name,
        @Schema(maxLength = 4000) @Size(max = 4000) String description,
        @Schema(example = "draft", allowableValues = {"draft", "active", "paused", "archived"},
                description = "draft when created without one") @Size(max = 16) String status,
        @Schema(example = "mdl_01JD3Q8W5T0000000000000000") @Size(max = 64) String championModelId,
        @Valid TrafficSplit trafficSplit,
        @Valid @Size(max = Experiment.MAX_CHALLENGERS) List<ChallengerRequest> challengers,
        @Schema(description = "Share of all traffic held out before the split (0-100); 0 when created without one")
        BigDecimal holdoutPercent,
        @Schema(description = "false when created without one") Boolean autoPromote,
        @Schema(description = "Minimum absolute uplift for auto-promotion, 0 < x <= 1; 0.02 when created without one")
        BigDecimal promoteThreshold,
        @Schema(description = "Days to wait before auto-promotion, 0-3650; 14 when created without one")
        Integer promoteAfterDays,
        @Schema(description = "PUT only: stored outcome data (any JSON object, up to 256 KiB)")
        Map<String, Object> results) {

    /** {@code {championPct}}, default 80. */
    public record TrafficSplit(@Schema(example = "80", defaultValue = "80") BigDecimal championPct) { }

    /** A challenger entry of a request. */
    public record ChallengerRequest(@Schema(requiredMode = REQUIRED) @Size(max = 64) String modelId,
                                    @Schema(example = "20", requiredMode = REQUIRED) BigDecimal trafficPct) { }

    List<Challenger> challengerList() {
        if (challengers == null) {
            return List.of();
        }
        return challengers.stream().map(c -> c == null ? null : new Challenger(c.modelId(), c.trafficPct()))
                .toList();
    }
}
