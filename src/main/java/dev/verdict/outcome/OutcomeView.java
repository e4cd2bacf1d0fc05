package dev.verdict.outcome;

import java.time.Instant;

/** A stored outcome and the variant it was attributed to. */
public record OutcomeView(String id, String experimentId, String customerId, String outcome, Double value,
                          Instant occurredAt, Instant recordedAt, String variant, String modelId, int phase,
                          String idempotencyKey) { }
