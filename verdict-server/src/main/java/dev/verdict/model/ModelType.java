package dev.verdict.model;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.verdict.common.DomainException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of decisioning model the platform knows. */
public enum ModelType {
    SCORECARD, BAYESIAN, LOGISTIC_REGRESSION, GRADIENT_BOOSTED, THOMPSON_BANDIT, EPSILON_GREEDY, NEURAL_CF,
    ONLINE_LEARNER, EXTERNAL_ENDPOINT;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelType parse(String field, String value) {
        for (ModelType t : values()) {
            if (t.wire().equals(value)) {
                return t;
            }
        }
        throw DomainException.validation(field, "must be one of "
                + Arrays.stream(values()).map(ModelType::wire).collect(Collectors.joining(", ")));
    }
}
