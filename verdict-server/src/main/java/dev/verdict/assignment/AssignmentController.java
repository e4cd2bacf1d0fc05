package dev.verdict.assignment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.tags.Tag;
import dev.verdict.auth.ApiKeyPrincipal;
import dev.verdict.common.DomainException;
import dev.verdict.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/experiments/{id}/assignments}: sticky variant assignment, one customer or a batch. */
@RestController
@Tag(name = "Assignments", description = "Sticky assignment of customers to variants")
@RequestMapping("/api/v1/experiments/{experimentId}/assignments")
class AssignmentController {

    // The hot-path requests are checked by the handlers and the service (the same limits as the annotations, which
    // document them in the OpenAPI description), not by Bean Validation: it cost ~10 µs a request (bench/, CPU).

    /** One customer; attributes are accepted for the caller's convenience and not stored. */
    record AssignRequest(@Schema(example = "CUST0001", maxLength = 256, requiredMode = REQUIRED) @Size(max = 256)
                         String customerId,
                         @Schema(description = "Optional, at most 100 keys; not stored") @Size(max = MAX_ATTRIBUTES)
                         Map<String, Object> attributes) { }

    /** Up to 1,000 customers. */
    record AssignBatchRequest(@ArraySchema(maxItems = AssignmentService.MAX_BATCH,
            schema = @Schema(maxLength = AssignmentService.MAX_CUSTOMER_ID),
            arraySchema = @Schema(requiredMode = REQUIRED))
                              @Size(max = AssignmentService.MAX_BATCH) List<String> customerIds) { }

    /** The answers in request order. */
    record AssignBatchResponse(List<AssignmentView> data) { }

    private static final int MAX_ATTRIBUTES = 100;

    private final AssignmentService assignments;
    private final JsonBodies json;

    AssignmentController(AssignmentService assignments, JsonBodies json) {
        this.assignments = assignments;
        this.json = json;
    }

    /** The body is read and the answer written by {@link JsonBodies} (hot path: cheaper than MVC's converters). */
    @PostMapping
    @Operation(operationId = "assignCustomer", summary = "Assign one customer to a variant (sticky)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignRequest.class))))
    @ApiResponse(responseCode = "409",
            description = "Paused or draft with no champion (NO_CHAMPION), or a write kept racing (CONFLICT)")
    @ApiResponse(responseCode = "200", description = "The customer's assignment",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignmentView.class)))
    void assign(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                HttpServletRequest http, HttpServletResponse response)
            throws IOException, HttpMediaTypeException {
        AssignRequest request = json.read(http, AssignRequest.class);
        if (request.attributes() != null && request.attributes().size() > MAX_ATTRIBUTES) {
            throw DomainException.validation("attributes", "must have at most " + MAX_ATTRIBUTES + " keys");
        }
        json.write(response, 200, assignments.assign(key.tenantId(), experimentId, request.customerId()));
    }

    @PostMapping("/batch")
    @Operation(operationId = "assignCustomers", summary = "Assign up to 1,000 customers in one call")
    @ApiResponse(responseCode = "200", description = "The assignments in request order", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = AssignBatchResponse.class)))
    @ApiResponse(responseCode = "409",
            description = "Paused or draft with no champion (NO_CHAMPION), or a write kept racing (CONFLICT)")
    AssignBatchResponse batch(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                        @RequestBody AssignBatchRequest request) {
        if (request.customerIds() == null || request.customerIds().isEmpty()
                || request.customerIds().size() > AssignmentService.MAX_BATCH) {
            throw DomainException.validation("customerIds", "must list 1 to 1000 customer ids");
        }
        return new AssignBatchResponse(assignments.assignAll(key.tenantId(), experimentId, request.customerIds()));
    }

    @GetMapping("/{customerId}")
    @Operation(operationId = "getAssignment", summary = "Get the stored assignment of a customer")
    AssignmentView get(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                       @PathVariable String customerId) {
        return assignments.get(key.tenantId(), experimentId, customerId);
    }
}
