package dev.verdict.model;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.verdict.common.DomainException;
import java.util.Locale;

/** Lifecycle state of a model in the registry. */
public enum ModelStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelStatus parse(String field, String value) {
        for (ModelStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw DomainException.validation(field, "must be one of draft, active, paused, archived");
    }
}
