package dev.verdict.model;

import dev.verdict.common.DomainException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A registered model. The compact constructor guards every rule, so an invalid model cannot exist in memory.
 */
public record AlgorithmModel(String tenantId, String id, String key, String name, String description,
                             ModelType modelType, ModelStatus status, int version, Map<String, Object> config,
                             Map<String, Object> metrics, Long trainingSamples, Instant lastTrainedAt,
                             Instant createdAt, Instant updatedAt) {

    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    public static final int MAX_MAP_KEYS = 100;

    public AlgorithmModel {
        if (key == null || !KEY.matcher(key).matches()) {
            throw DomainException.validation("key", "must be 1-255 characters of letters, digits, '.', '_', '-'");
        }
        if (key.equals("__champion__") || key.equals("__holdout__")) {
            throw DomainException.validation("key", "is reserved (variant names __champion__ and __holdout__)");
        }
        if (name == null || name.isBlank() || name.length() > 255) {
            throw DomainException.validation("name", "is required, 1-255 characters");
        }
        if (description != null && description.length() > 4000) {
            throw DomainException.validation("description", "must be at most 4000 characters");
        }
        if (modelType == null) {
            throw DomainException.validation("modelType", "is required");
        }
        if (status == null) {
            throw DomainException.validation("status", "is required");
        }
        if (version < 1) {
            throw DomainException.validation("version", "must be an integer >= 1");
        }
        if (config != null && config.size() > MAX_MAP_KEYS) {
            throw DomainException.validation("config", "must have at most " + MAX_MAP_KEYS + " keys");
        }
        if (metrics != null && metrics.size() > MAX_MAP_KEYS) {
            throw DomainException.validation("metrics", "must have at most " + MAX_MAP_KEYS + " keys");
        }
        if (trainingSamples != null && trainingSamples < 0) {
            throw DomainException.validation("trainingSamples", "must be >= 0");
        }
        config = config == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        metrics = metrics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
