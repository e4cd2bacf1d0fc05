package dev.verdict.model;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.verdict.auth.ApiKeyPrincipal;
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

/** {@code /api/v1/algorithm-models}: the registry. */
@RestController
@Tag(name = "Algorithm models", description = "The registry of decisioning models that experiments compare")
@RequestMapping("/api/v1/algorithm-models")
class ModelController {

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    @PostMapping
    @Operation(operationId = "createModel", summary = "Register an algorithm model")
    @ApiResponse(responseCode = "201", description = "Registered; Location names the new model")
    ResponseEntity<ModelView> create(@AuthenticationPrincipal ApiKeyPrincipal key,
                                     @Valid @RequestBody ModelRequest request) {
        ModelView created = models.create(key.tenantId(), key.actor(), request);
        return ResponseEntity.created(URI.create("/api/v1/algorithm-models/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listModels", summary = "List algorithm models, newest first")
    PageResponse<ModelView> list(@AuthenticationPrincipal ApiKeyPrincipal key,
                                 @RequestParam(required = false) String status,
                                 @RequestParam(required = false) String modelType,
                                 @RequestParam(required = false) String limit,
                                 @RequestParam(required = false) String cursor) {
        return models.list(key.tenantId(), status, modelType, limit, cursor);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getModel", summary = "Get one algorithm model")
    ModelView get(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id) {
        return models.get(key.tenantId(), id);
    }

    @PutMapping("/{id}")
    @Operation(operationId = "updateModel", summary = "Update an algorithm model")
    ModelView update(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id,
                     @Valid @RequestBody ModelRequest request) {
        return models.update(key.tenantId(), key.actor(), id, request);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteModel", summary = "Delete an algorithm model no experiment uses")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id) {
        models.delete(key.tenantId(), key.actor(), id);
        return ResponseEntity.noContent().build();
    }
}
