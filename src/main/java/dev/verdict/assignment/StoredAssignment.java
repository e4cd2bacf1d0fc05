package dev.verdict.assignment;

import java.time.Instant;

/** An assignment row. */
public record StoredAssignment(String customerId, int phase, int configVersion, String variant, String modelId,
                               Instant assignedAt, Instant expiresAt) { }
