package dev.verdict.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.DomainException;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log and verifies its hash chain, for the API and the console alike. */
@Service
public class AuditReader {

    /** An entry as the API shows it. */
    public record AuditEntryView(String id, long seq, String action, String entityType, String entityId, String actor,
                                 @Nullable JsonNode before, @Nullable JsonNode after, Instant at, String prevHash,
                                 String hash) { }

    /** The outcome of re-computing the chain. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verification(boolean valid, long checked, @Nullable BrokenEntry firstBroken) { }

    /** The first entry whose hash or link does not match. */
    public record BrokenEntry(long seq, @Nullable String id, String reason) { }

    private final AuditRepository repository;
    private final AuditLog log;
    private final CursorCodec cursors;
    private final JsonMapper json;

    AuditReader(AuditRepository repository, AuditLog log, CursorCodec cursors, JsonMapper json) {
        this.repository = repository;
        this.log = log;
        this.cursors = cursors;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public PageResponse<AuditEntryView> list(String tenantId, String entityType, String entityId, String limit,
                                             String cursor) {
        if (entityType != null && entityType.length() > 32 || entityId != null && entityId.length() > 64) {
            throw DomainException.validation(entityType != null && entityType.length() > 32 ? "entityType"
                    : "entityId", "is too long");
        }
        String scope = "audit|" + tenantId + "|" + entityType + "|" + entityId;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        // The cursor carries the chain position (seq) in the keyset's time slot.
        Long afterSeq = page.after() == null ? null : page.after().createdAt().toEpochMilli();
        List<AuditEntry> rows = repository.page(tenantId, entityType, entityId, afterSeq, page.fetchSize());
        return PageResponse.of(rows, page, repository.count(tenantId, entityType, entityId), this::view,
                e -> new Keyset(Instant.ofEpochMilli(e.seq()), e.id()), cursors, scope);
    }

    @Transactional(readOnly = true)
    public Verification verify(String tenantId) {
        String expectedPrev = AuditLog.GENESIS;
        long expectedSeq = 1;
        long checked = 0;
        while (true) {
            List<AuditEntry> chunk = repository.chain(tenantId, expectedSeq, 1000);
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
        AuditRepository.Head head = repository.head(tenantId).orElse(new AuditRepository.Head(0,
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

    @Transactional(readOnly = true)
    public AuditEntryView get(String tenantId, String id) {
        return repository.find(tenantId, id).map(this::view)
                .orElseThrow(() -> DomainException.notFound("Audit entry", id));
    }

    private AuditEntryView view(AuditEntry e) {
        return new AuditEntryView(e.id(), e.seq(), e.action(), e.entityType(), e.entityId(), e.actor(),
                e.beforeJson() == null ? null : json.readTree(e.beforeJson()),
                e.afterJson() == null ? null : json.readTree(e.afterJson()), e.at(), e.prevHash(), e.hash());
    }
}
