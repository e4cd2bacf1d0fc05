package dev.verdict.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.TenantPrincipal;
import dev.verdict.common.DomainException;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Read-only access to the audit log (admin only); there is deliberately no way to change or delete entries. */
@RestController
@RequestMapping("/api/v1/audit-logs")
class AuditController {

    /** An entry as the API shows it. */
    record AuditEntryView(String id, long seq, String action, String entityType, String entityId, String actor,
                          JsonNode before, JsonNode after, Instant at, String prevHash, String hash) { }

    /** The outcome of re-computing the chain. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Verification(boolean valid, long checked, BrokenEntry firstBroken) { }

    /** The first entry whose hash or link does not match. */
    record BrokenEntry(long seq, String id, String reason) { }

    private final AuditRepository repository;
    private final AuditLog log;
    private final CursorCodec cursors;
    private final JsonMapper json;

    AuditController(AuditRepository repository, AuditLog log, CursorCodec cursors, JsonMapper json) {
        this.repository = repository;
        this.log = log;
        this.cursors = cursors;
        this.json = json;
    }

    @GetMapping
    @Transactional(readOnly = true)
    PageResponse<AuditEntryView> list(@AuthenticationPrincipal TenantPrincipal key,
                                      @RequestParam(required = false) String entityType,
                                      @RequestParam(required = false) String entityId,
                                      @RequestParam(required = false) String limit,
                                      @RequestParam(required = false) String cursor) {
        if (entityType != null && entityType.length() > 32 || entityId != null && entityId.length() > 64) {
            throw DomainException.validation(entityType != null && entityType.length() > 32 ? "entityType"
                    : "entityId", "is too long");
        }
        String scope = "audit|" + key.tenantId() + "|" + entityType + "|" + entityId;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        // The cursor carries the chain position (seq) in the keyset's time slot.
        Long afterSeq = page.after() == null ? null : page.after().createdAt().toEpochMilli();
        List<AuditEntry> rows = repository.page(key.tenantId(), entityType, entityId, afterSeq, page.fetchSize());
        return PageResponse.of(rows, page, repository.count(key.tenantId(), entityType, entityId), this::view,
                e -> new Keyset(Instant.ofEpochMilli(e.seq()), e.id()), cursors, scope);
    }

    @GetMapping("/verify")
    @Transactional(readOnly = true)
    Verification verify(@AuthenticationPrincipal TenantPrincipal key) {
        String expectedPrev = AuditLog.GENESIS;
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            List<AuditEntry> chunk = repository.chain(key.tenantId(), expectedSeq, 1000);
            for (AuditEntry e : chunk) {
                if (e.seq() != expectedSeq) {
                    return broken(checked, e, "entry " + expectedSeq + " is missing");
                }
                if (!e.prevHash().equals(expectedPrev)) {
                    return broken(checked, e, "prevHash does not match the previous entry's hash");
                }
                if (!log.hash(e).equals(e.hash())) {
                    return broken(checked, e, "content does not match its hash");
                }
                checked++;
                expectedSeq++;
                expectedPrev = e.hash();
            }
            if (chunk.size() < 1000) {
                break;
            }
        }
        AuditRepository.Head head = repository.head(key.tenantId()).orElse(new AuditRepository.Head(0,
                AuditLog.GENESIS));
        if (head.seq() != checked || !head.hash().equals(expectedPrev)) {
            return new Verification(false, checked, new BrokenEntry(head.seq(), null,
                    "the chain ends at entry " + checked + " but " + head.seq() + " entries were written"));
        }
        return new Verification(true, checked, null);
    }

    private static Verification broken(long checked, AuditEntry e, String reason) {
        return new Verification(false, checked, new BrokenEntry(e.seq(), e.id(), reason));
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    AuditEntryView get(@AuthenticationPrincipal TenantPrincipal key, @PathVariable String id) {
        return repository.find(key.tenantId(), id).map(this::view)
                .orElseThrow(() -> DomainException.notFound("Audit entry", id));
    }

    private AuditEntryView view(AuditEntry e) {
        return new AuditEntryView(e.id(), e.seq(), e.action(), e.entityType(), e.entityId(), e.actor(),
                e.beforeJson() == null ? null : json.readTree(e.beforeJson()),
                e.afterJson() == null ? null : json.readTree(e.afterJson()), e.at(), e.prevHash(), e.hash());
    }
}
