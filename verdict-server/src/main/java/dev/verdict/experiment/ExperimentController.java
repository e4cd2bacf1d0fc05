package dev.verdict.experiment;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.verdict.auth.ApiKeyPrincipal;
import dev.verdict.common.DomainException;
import dev.verdict.web.PageResponse;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/experiments}, as the Experiments API reference describes it. */
@RestController
@Tag(name = "Experiments", description = "Champion/challenger experiments and their lifecycle")
@RequestMapping("/api/v1/experiments")
class ExperimentController {

    private final ExperimentService experiments;

    ExperimentController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @PostMapping
    @Operation(operationId = "createExperiment", summary = "Create an experiment")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new experiment")
    ResponseEntity<ExperimentView> create(@AuthenticationPrincipal ApiKeyPrincipal key,
                                          @Valid @RequestBody ExperimentRequest request) {
        ExperimentView created = experiments.create(key.tenantId(), key.actor(), request);
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listExperiments", summary = "List experiments, newest first")
    PageResponse<ExperimentView> list(@AuthenticationPrincipal ApiKeyPrincipal key,
                                      @RequestParam(required = false) String status,
                                      @RequestParam(required = false) String limit,
                                      @RequestParam(required = false) String cursor) {
        return experiments.list(key.tenantId(), status, limit, cursor);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getExperiment", summary = "Get one experiment")
    ExperimentView get(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id) {
        return experiments.get(key.tenantId(), id);
    }

    @PutMapping("/{id}")
    @Operation(operationId = "updateExperiment", summary = "Update an experiment (split, challengers, status)")
    ExperimentView update(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id,
                          @Valid @RequestBody ExperimentRequest request) {
        return experiments.update(key.tenantId(), key.actor(), id, request);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteExperiment", summary = "Delete an experiment and its data")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id) {
        experiments.delete(key.tenantId(), key.actor(), id);
        return ResponseEntity.noContent().build();
    }

    /** The reference also allows {@code DELETE /api/v1/experiments?id={experimentId}}. */
    @DeleteMapping
    @Operation(operationId = "deleteExperimentById", summary = "Delete an experiment named by the id query parameter")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> deleteByQuery(@AuthenticationPrincipal ApiKeyPrincipal key,
                                       @RequestParam(required = false) String id) {
        if (id == null || id.isBlank()) {
            throw DomainException.validation("id", "is required: DELETE /api/v1/experiments?id={experimentId}");
        }
        experiments.delete(key.tenantId(), key.actor(), id);
        return ResponseEntity.noContent().build();
    }
}
