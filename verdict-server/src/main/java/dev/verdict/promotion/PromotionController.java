package dev.verdict.promotion;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.verdict.auth.ApiKeyPrincipal;
import dev.verdict.results.ExperimentResults;
import dev.verdict.web.PageResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Promotion endpoints of an experiment: evaluate (dry run), manual promote, history. */
@RestController
@Tag(name = "Promotion", description = "Promotion of a proven challenger to champion")
@RequestMapping("/api/v1/experiments/{experimentId}")
class PromotionController {

    /** A manual promotion. */
    record PromoteRequest(@Schema(example = "mdl_01JD3Q8W5T0000000000000000", requiredMode = REQUIRED) @Size(max = 64)
                          String modelId,
                          @Schema(maxLength = 1000) @Size(max = 1000) String reason) { }

    private final PromotionService promotions;

    PromotionController(PromotionService promotions) {
        this.promotions = promotions;
    }

    @PostMapping("/promotion/evaluate")
    @Operation(operationId = "evaluatePromotion", summary = "Evaluate the promotion policy now, without acting")
    ExperimentResults.PromotionBlock evaluate(@AuthenticationPrincipal ApiKeyPrincipal key,
                                              @PathVariable String experimentId) {
        return promotions.evaluate(key.tenantId(), experimentId);
    }

    @PostMapping("/promote")
    @Operation(operationId = "promoteChallenger", summary = "Promote a challenger to champion")
    @ApiResponse(responseCode = "201", description = "Promoted: the promotion record",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PromotionRecord.class)))
    @ApiResponse(responseCode = "409", description = "The phase was already promoted (CONFLICT)")
    ResponseEntity<PromotionRecord> promote(@AuthenticationPrincipal ApiKeyPrincipal key,
                                            @PathVariable String experimentId,
                                            @Valid @RequestBody PromoteRequest request) {
        return ResponseEntity.status(201).body(promotions.promote(key.tenantId(), experimentId, request.modelId(),
                request.reason(), key.actor()));
    }

    @GetMapping("/promotions")
    @Operation(operationId = "listPromotions", summary = "List the promotions of an experiment")
    PageResponse<PromotionRecord> list(@AuthenticationPrincipal ApiKeyPrincipal key,
                                       @PathVariable String experimentId,
                                       @RequestParam(required = false) String limit,
                                       @RequestParam(required = false) String cursor) {
        return promotions.list(key.tenantId(), experimentId, limit, cursor);
    }
}
