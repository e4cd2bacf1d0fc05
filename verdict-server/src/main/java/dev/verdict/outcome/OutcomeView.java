package dev.verdict.outcome;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A stored outcome and the variant it was attributed to. */
public record OutcomeView(String id, String experimentId, String customerId, String outcome, @Nullable Double value,
                          Instant occurredAt, Instant recordedAt, String variant, @Nullable String modelId, int phase,
                          String idempotencyKey) {

    /** This outcome attributed to an assignment's phase, variant and model. */
    OutcomeView attributed(int phase, String variant, String modelId) {
        return new OutcomeView(id, experimentId, customerId, outcome, value, occurredAt, recordedAt, variant, modelId,
                phase, idempotencyKey);
    }
}
