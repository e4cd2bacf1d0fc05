package dev.verdict.audit;

import java.time.Instant;

/** One stored audit entry; before/after are JSON text exactly as hashed. */
record AuditEntry(String tenantId, long seq, String id, String action, String entityType, String entityId,
                  String actor, String beforeJson, String afterJson, Instant at, String prevHash, String hash) {

    AuditEntry withHash(String newHash) {
        return new AuditEntry(tenantId, seq, id, action, entityType, entityId, actor, beforeJson, afterJson, at,
                prevHash, newHash);
    }
}
