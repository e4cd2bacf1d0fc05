package dev.verdict.experiment;

import dev.verdict.model.AlgorithmModel;
import dev.verdict.model.ModelStatus;
import dev.verdict.model.ModelType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An experiment as the API shows it, with its champion and challenger models embedded. */
public record ExperimentView(String id, String key, String name, @Nullable String description, ExperimentStatus status,
                             @Nullable String championModelId, @Nullable ModelSummary championModel,
                             TrafficSplitView trafficSplit, List<ChallengerView> challengers, BigDecimal holdoutPercent,
                             boolean autoPromote, BigDecimal promoteThreshold, int promoteAfterDays,
                             @Nullable JsonNode results, int phase, @Nullable Instant phaseStartedAt,
                             @Nullable Instant startedAt, Instant createdAt, Instant updatedAt) {

    /** The embedded summary of a model. */
    public record ModelSummary(String id, String key, String name, ModelType modelType, ModelStatus status,
                               int version) {
        static ModelSummary of(AlgorithmModel m) {
            return m == null ? null : new ModelSummary(m.id(), m.key(), m.name(), m.modelType(), m.status(),
                    m.version());
        }
    }

    /** {@code {championPct}}. */
    public record TrafficSplitView(BigDecimal championPct) { }

    /** A challenger with its model. */
    public record ChallengerView(String modelId, BigDecimal trafficPct, ModelSummary model) { }

    static ExperimentView of(Experiment e, Map<String, AlgorithmModel> models, JsonNode results) {
        return new ExperimentView(e.id(), e.key(), e.name(), e.description(), e.status(), e.championModelId(),
                e.championModelId() == null ? null : ModelSummary.of(models.get(e.championModelId())),
                new TrafficSplitView(e.championPct()),
                e.challengers().stream().map(c -> new ChallengerView(c.modelId(), c.trafficPct(),
                        ModelSummary.of(models.get(c.modelId())))).toList(),
                e.holdoutPct(), e.autoPromote(), e.promoteThreshold(), e.promoteAfterDays(), results, e.phase(),
                e.phaseStartedAt(), e.startedAt(), e.createdAt(), e.updatedAt());
    }
}
