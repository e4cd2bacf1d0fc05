package dev.verdict.outcome;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** One outcome. {@code idempotencyKey} may instead come in the {@code Idempotency-Key} header. */
public record OutcomeRequest(
        @Schema(example = "CUST0001", maxLength = 256, requiredMode = REQUIRED) @Size(max = 256)
        String customerId,
        @Schema(example = "conversion", defaultValue = "conversion", maxLength = 64,
                description = "impression, click, conversion, share, save, not_interested, opt_out, dismiss, "
                        + "complaint, defer, or any key of 1-64 characters of a-z, 0-9 and _") @Size(max = 64)
        String outcome,
        @Schema(example = "129.90", description = "Optional finite number, e.g. revenue; |value| <= 1e12")
        BigDecimal value,
        @Schema(example = "2026-03-01T10:00:00.000Z", description = "Defaults to now") @Size(max = 40)
        String occurredAt,
        @Schema(example = "order-7781-conversion", maxLength = 255) @Size(max = 255) String idempotencyKey) { }
