package dev.verdict.assignment;

import java.time.Instant;

/**
 * An assignment row: the variant that serves the customer now ({@code phase}, {@code configVersion},
 * {@code variant}, {@code modelId}), and the customer's unit in that phase, the version and variant of its first
 * assignment in the phase, in which results count it (intention to treat). {@code crossedOver} is set once a later
 * assignment in the same phase served another variant than the unit's.
 */
public record StoredAssignment(String customerId, int phase, int configVersion, String variant, String modelId,
                               Instant assignedAt, Instant expiresAt, int unitConfigVersion, String unitVariant,
                               boolean crossedOver) {

    /** A customer's first assignment in a phase: its own unit. */
    static StoredAssignment first(String customerId, int phase, int configVersion, String variant, String modelId,
                                  Instant assignedAt, Instant expiresAt) {
        return new StoredAssignment(customerId, phase, configVersion, variant, modelId, assignedAt, expiresAt,
                configVersion, variant, false);
    }

    /**
     * This assignment replacing {@code previous}: within the same phase the customer stays the unit it was, and
     * crosses over when served a variant other than its unit's; in a new phase it is a new unit.
     */
    StoredAssignment replacing(StoredAssignment previous) {
        if (previous.phase() != phase) {
            return this;
        }
        return new StoredAssignment(customerId, phase, configVersion, variant, modelId, assignedAt, expiresAt,
                previous.unitConfigVersion(), previous.unitVariant(),
                previous.crossedOver() || !variant.equals(previous.unitVariant()));
    }

    /** Whether this replacement of {@code previous} starts a new unit (a new phase). */
    boolean newUnitAfter(StoredAssignment previous) {
        return previous.phase() != phase;
    }

    /** Whether this replacement of {@code previous} is the unit's first crossover. */
    boolean firstCrossoverAfter(StoredAssignment previous) {
        return previous.phase() == phase && crossedOver && !previous.crossedOver();
    }
}
