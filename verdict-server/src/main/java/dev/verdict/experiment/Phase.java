package dev.verdict.experiment;

import java.time.Instant;

/**
 * Where an experiment is in its history (ADR 009). A phase is a period in which every arm served the same models, so
 * its customers can be compared; it starts at the first activation ({@code startedAt} is null before) and again
 * whenever the model serving returning customers changes. A configuration version is one split within the phase:
 * any change that moves buckets starts the next one, and a new phase always starts a new version.
 */
public record Phase(int number, Instant startedAt, int configVersion) {

    public Phase {
        if (number < 1 || configVersion < 1) {
            throw new IllegalArgumentException("phase and configuration version count from 1: " + number + ", "
                    + configVersion);
        }
    }

    /** Phase 1, configuration version 1, started {@code at} (null: not yet). */
    public static Phase first(Instant at) {
        return new Phase(1, at, 1);
    }

    /** This phase under its next configuration version. */
    Phase nextVersion() {
        return new Phase(number, startedAt, configVersion + 1);
    }

    /** The next phase, starting {@code at}, under the next configuration version. */
    Phase next(Instant at) {
        return new Phase(number + 1, at, configVersion + 1);
    }

    /** This phase, started {@code at} unless it already had started. */
    Phase startedBy(Instant at) {
        return startedAt == null ? new Phase(number, at, configVersion) : this;
    }
}
