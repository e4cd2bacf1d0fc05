package dev.verdict.outcome;

import dev.verdict.auth.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/experiments/{id}/outcomes}: outcome recording, one or a batch. */
@RestController
@RequestMapping("/api/v1/experiments/{experimentId}/outcomes")
class OutcomeController {

    // Requests are checked by OutcomeService (the same limits as the annotations, which document them in the
    // OpenAPI description), not by Bean Validation: it cost ~10 µs a request on this hot path (bench/, CPU).

    /** Up to 1,000 outcomes, each with its own idempotencyKey. */
    record OutcomeBatchRequest(@ArraySchema(maxItems = OutcomeService.MAX_BATCH)
                               @Size(max = OutcomeService.MAX_BATCH) List<OutcomeRequest> outcomes) { }

    /** Per item: recorded, duplicate, or error with code and message. */
    record OutcomeBatchResponse(List<OutcomeService.ItemResult> data) { }

    private final OutcomeService outcomes;

    OutcomeController(OutcomeService outcomes) {
        this.outcomes = outcomes;
    }

    /** 201 with the stored outcome; 200 with the original for an idempotent replay. */
    @PostMapping
    ResponseEntity<OutcomeView> record(@AuthenticationPrincipal ApiKeyPrincipal key,
                                       @PathVariable String experimentId,
                                       @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                       @RequestBody OutcomeRequest request) {
        OutcomeService.Recorded recorded = outcomes.record(key.tenantId(), experimentId, request, idempotencyKey);
        return ResponseEntity.status(recorded.created() ? 201 : 200).body(recorded.outcome());
    }

    @PostMapping("/batch")
    OutcomeBatchResponse batch(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                        @RequestBody OutcomeBatchRequest request) {
        return new OutcomeBatchResponse(outcomes.recordAll(key.tenantId(), experimentId, request.outcomes()));
    }
}
