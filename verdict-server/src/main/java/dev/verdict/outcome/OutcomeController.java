package dev.verdict.outcome;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.tags.Tag;
import dev.verdict.auth.ApiKeyPrincipal;
import dev.verdict.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/experiments/{id}/outcomes}: outcome recording, one or a batch. */
@RestController
@Tag(name = "Outcomes", description = "Outcomes of assigned customers, idempotent by key")
@RequestMapping("/api/v1/experiments/{experimentId}/outcomes")
class OutcomeController {

    // Requests are checked by OutcomeService (the same limits as the annotations, which document them in the
    // OpenAPI description), not by Bean Validation: it cost ~10 µs a request on this hot path (bench/, CPU).

    /** Up to 1,000 outcomes, each with its own idempotencyKey. */
    record OutcomeBatchRequest(@ArraySchema(maxItems = OutcomeService.MAX_BATCH,
            arraySchema = @Schema(requiredMode = REQUIRED))
                               @Size(max = OutcomeService.MAX_BATCH) List<OutcomeRequest> outcomes) { }

    /** Per item: recorded, duplicate, or error with code and message. */
    record OutcomeBatchResponse(List<OutcomeService.ItemResult> data) { }

    private final OutcomeService outcomes;
    private final JsonBodies json;

    OutcomeController(OutcomeService outcomes, JsonBodies json) {
        this.outcomes = outcomes;
        this.json = json;
    }

    /**
     * 201 with the stored outcome; 200 with the original for an idempotent replay. The body is read and the answer
     * written by {@link JsonBodies} (hot path: cheaper than MVC's converters).
     */
    @PostMapping
    @Operation(operationId = "recordOutcome", summary = "Record one outcome of a customer",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OutcomeRequest.class))))
    @ApiResponse(responseCode = "409",
            description = "The idempotency key was used for a different outcome (IDEMPOTENCY_CONFLICT)")
    @ApiResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OutcomeView.class)))
    @ApiResponse(responseCode = "200", description = "An idempotent replay: the outcome first recorded with this key",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OutcomeView.class)))
    void record(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                HttpServletRequest http, HttpServletResponse response) throws IOException, HttpMediaTypeException {
        OutcomeRequest request = json.read(http, OutcomeRequest.class);
        OutcomeService.Recorded recorded = outcomes.record(key.tenantId(), experimentId, request, idempotencyKey);
        json.write(response, recorded.created() ? 201 : 200, recorded.outcome());
    }

    @PostMapping("/batch")
    @Operation(operationId = "recordOutcomes", summary = "Record up to 1,000 outcomes, with a result per item")
    OutcomeBatchResponse batch(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                        @RequestBody OutcomeBatchRequest request) {
        return new OutcomeBatchResponse(outcomes.recordAll(key.tenantId(), experimentId, request.outcomes()));
    }
}
