package dev.verdict.auth;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who am I: lets a client check its key; no database work once the key is cached (the benchmark ceiling). */
@RestController
@Tag(name = "API keys")
class MeController {

    /** The caller's identity. */
    record Me(String tenantId, String role, String keyId) { }

    @GetMapping("/api/v1/me")
    @Operation(operationId = "getMe", summary = "The calling key: its tenant, role and name")
    Me me(@AuthenticationPrincipal ApiKeyPrincipal key) {
        return new Me(key.tenantId(), key.role().wire(), key.keyId());
    }
}
