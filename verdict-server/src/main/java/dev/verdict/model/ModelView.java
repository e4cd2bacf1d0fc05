package dev.verdict.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A model as the API shows it. */
public record ModelView(String id, String key, String name, @Nullable String description, ModelType modelType,
                        ModelStatus status, int version, @Nullable Map<String, Object> config,
                        @Nullable Map<String, Object> metrics, @Nullable Long trainingSamples,
                        @Nullable Instant lastTrainedAt, Instant createdAt, Instant updatedAt) {

    static ModelView of(AlgorithmModel m) {
        return new ModelView(m.id(), m.key(), m.name(), m.description(), m.modelType(), m.status(), m.version(),
                m.config(), m.metrics(), m.trainingSamples(), m.lastTrainedAt(), m.createdAt(), m.updatedAt());
    }
}
