package dev.verdict.webhook;

import dev.verdict.web.RequiredOnCreate;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Create or update a subscription; on update an absent (null) field keeps its value. */
public record WebhookRequest(
        @Schema(example = "https://hooks.example.com/verdict", maxLength = 2048) @Size(max = 2048)
        @RequiredOnCreate String url,
        @Schema(maxLength = 255) @Size(max = 255) String description,
        @ArraySchema(arraySchema = @Schema(description = "Event types to receive; [\"*\"] or absent on create: "
                + "every event", example = "[\"experiment.promoted\", \"experiment.srm_detected\"]"),
                schema = @Schema(maxLength = 64), maxItems = 20) @Size(max = 20)
        List<@Size(max = 64) String> eventTypes,
        @Schema(description = "Inactive subscriptions receive nothing; true re-enables a disabled endpoint")
        Boolean active) { }
