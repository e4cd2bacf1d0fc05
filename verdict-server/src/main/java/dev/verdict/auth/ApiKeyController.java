package dev.verdict.auth;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.verdict.web.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Key management for the caller's tenant (admin only). */
@RestController
@Tag(name = "API keys", description = "Keys of the tenant and their roles (admin only)")
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

    /** A request for a new key. */
    record CreateKeyRequest(@NotBlank @Size(max = 255) String name, @NotNull Role role) { }

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @Operation(operationId = "createApiKey", summary = "Create an API key; the key is shown only once")
    @ApiResponse(responseCode = "201", description = "Created; the answer holds the key, this once")
    ResponseEntity<ApiKeyService.CreatedKey> create(@AuthenticationPrincipal ApiKeyPrincipal caller,
                                                    @Valid @RequestBody CreateKeyRequest request) {
        ApiKeyService.CreatedKey created = keys.create(caller.tenantId(), request.name(), request.role(),
                caller.actor());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List API keys (never the secret)")
    PageResponse<ApiKeyService.ApiKeyView> list(@AuthenticationPrincipal ApiKeyPrincipal caller,
                                                @RequestParam(required = false) String limit,
                                                @RequestParam(required = false) String cursor) {
        return keys.list(caller.tenantId(), limit, cursor);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
    @ApiResponse(responseCode = "204", description = "Revoked")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String id) {
        keys.revoke(caller.tenantId(), id, caller.actor());
        return ResponseEntity.noContent().build();
    }
}
