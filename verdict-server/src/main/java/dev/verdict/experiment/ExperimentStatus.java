package dev.verdict.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.verdict.common.DomainException;
import java.util.Locale;
import java.util.Set;

/** Lifecycle: draft → active | archived; active → paused | archived; paused → active | archived; archived is final. */
public enum ExperimentStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExperimentStatus parse(String field, String value) {
        for (ExperimentStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw DomainException.validation(field, "must be one of draft, active, paused, archived");
    }

    Set<ExperimentStatus> next() {
        return switch (this) {
            case DRAFT -> Set.of(ACTIVE, ARCHIVED);
            case ACTIVE -> Set.of(PAUSED, ARCHIVED);
            case PAUSED -> Set.of(ACTIVE, ARCHIVED);
            case ARCHIVED -> Set.of();
        };
    }

    boolean canMoveTo(ExperimentStatus target) {
        return target == this || next().contains(target);
    }
}
