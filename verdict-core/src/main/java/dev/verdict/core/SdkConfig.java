package dev.verdict.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The configuration feed: the tenant's active and paused experiments, each with every configuration version of its
 * current phase that can still have live assignments. {@code revision} changes whenever any of it changes.
 */
public record SdkConfig(String revision, long assignmentTtlSeconds, List<ExperimentConfig> experiments) {

    /** An experiment and the versions a client must know to agree with the server's sticky assignments. */
    public record ExperimentConfig(String id, String key, String status, int phase, int configVersion,
                                   List<VersionConfig> versions) { }

    /** One configuration version: the layout of assignment.md and the model behind each variant. */
    public record VersionConfig(int version, Instant createdAt, BigDecimal holdoutPct, BigDecimal championPct,
                                List<ChallengerConfig> challengers, List<ModelConfig> models) { }

    /** A challenger arm, in layout order. */
    public record ChallengerConfig(String variant, String modelId, BigDecimal pct) { }

    /** The model serving a variant (champion and challengers; the holdout has none). */
    public record ModelConfig(String variant, String modelId, String modelKey) { }
}
