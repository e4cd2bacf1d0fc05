package dev.verdict.audit;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.verdict.audit.AuditReader.AuditEntryView;
import dev.verdict.audit.AuditReader.Verification;
import dev.verdict.common.TenantPrincipal;
import dev.verdict.web.PageResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only access to the audit log (admin only); there is deliberately no way to change or delete entries. */
@RestController
@Tag(name = "Audit log", description = "The append-only, hash-chained audit log (admin only)")
@RequestMapping("/api/v1/audit-logs")
class AuditController {

    private final AuditReader reader;

    AuditController(AuditReader reader) {
        this.reader = reader;
    }

    @GetMapping
    @Operation(operationId = "listAuditEntries", summary = "List audit entries, newest first")
    PageResponse<AuditEntryView> list(@AuthenticationPrincipal TenantPrincipal key,
                                      @RequestParam(required = false) String entityType,
                                      @RequestParam(required = false) String entityId,
                                      @RequestParam(required = false) String limit,
                                      @RequestParam(required = false) String cursor) {
        return reader.list(key.tenantId(), entityType, entityId, limit, cursor);
    }

    @GetMapping("/verify")
    @Operation(operationId = "verifyAuditLog", summary = "Verify the hash chain of the audit log")
    Verification verify(@AuthenticationPrincipal TenantPrincipal key) {
        return reader.verify(key.tenantId());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getAuditEntry", summary = "Get one audit entry")
    AuditEntryView get(@AuthenticationPrincipal TenantPrincipal key, @PathVariable String id) {
        return reader.get(key.tenantId(), id);
    }
}
