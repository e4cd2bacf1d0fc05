package dev.verdict.assignment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An assignment a client library decided locally and reports: who, which variant, under which version, when. */
public record Exposure(@Schema(example = "CUST0001", maxLength = 256, requiredMode = REQUIRED)
                       String customerId,
                       @Schema(example = "__champion__", maxLength = 255, requiredMode = REQUIRED) String variant,
                       @Schema(example = "1", description = "The configuration version the variant was computed under",
                               requiredMode = REQUIRED) Integer configVersion,
                       @Schema(description = "When the client assigned the customer (ISO-8601)", maxLength = 64,
                               requiredMode = REQUIRED) Instant assignedAt) {

    /**
     * Per reported item: {@code recorded} (stored as the customer's assignment), {@code duplicate} (the stored
     * assignment already says so), {@code crossover} (the customer is stored with {@code storedVariant}; the report
     * was not stored and counts as a crossover of that unit), or {@code error} with a code and message.
     */
    public record Result(int index, String status, @Nullable String storedVariant, @Nullable ItemError error) { }

    /** Why an item was refused. */
    public record ItemError(String code, String message) { }
}
