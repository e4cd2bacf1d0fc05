package dev.verdict.assignment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.verdict.auth.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/experiments/{id}/exposures}: assignments client libraries decided locally. */
@RestController
@Tag(name = "SDK")
class ExposureController {

    /** Up to 1,000 locally decided assignments. */
    record ExposureBatchRequest(@ArraySchema(maxItems = AssignmentService.MAX_BATCH, arraySchema = @Schema(
            requiredMode = REQUIRED)) List<Exposure> exposures) { }

    /** Per item, in request order. */
    record ExposureBatchResponse(List<Exposure.Result> data) { }

    private final AssignmentService assignments;

    ExposureController(AssignmentService assignments) {
        this.assignments = assignments;
    }

    @PostMapping("/api/v1/experiments/{experimentId}/exposures")
    @Operation(operationId = "reportExposures", summary = "Report assignments a client library decided locally",
            description = "First write wins and repeats are idempotent: a customer already assigned in the phase "
                    + "keeps its stored assignment, and a report of another variant is never stored over it but "
                    + "counts as a crossover of the stored unit. An item whose variant the version's layout could not "
                    + "give the customer is refused (VARIANT_MISMATCH). Results count reported customers exactly as "
                    + "if they had been assigned through the API. Admin or editor.")
    ExposureBatchResponse report(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                                 @RequestBody ExposureBatchRequest request) {
        return new ExposureBatchResponse(assignments.report(key.tenantId(), experimentId, request.exposures()));
    }
}
