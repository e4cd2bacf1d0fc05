package dev.verdict.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AuditRepository {

    record Head(long seq, String hash) { }

    private static final String COLUMNS = "tenant_id, seq, id, action, entity_type, entity_id, actor, before_json, "
            + "after_json, at, prev_hash, hash";

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the tenant's chain head for the rest of the transaction, creating it on first use. */
    Head lockHead(String tenantId) {
        Optional<Head> head = selectHeadForUpdate(tenantId);
        if (head.isPresent()) {
            return head.get();
        }
        jdbc.sql("INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (?, 0, ?) ON CONFLICT DO NOTHING")
                .params(tenantId, AuditLog.GENESIS).update();
        return selectHeadForUpdate(tenantId).orElseThrow();
    }

    private Optional<Head> selectHeadForUpdate(String tenantId) {
        return jdbc.sql("SELECT seq, hash FROM audit_heads WHERE tenant_id = ? FOR UPDATE").param(tenantId)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2))).optional();
    }

    Optional<Head> head(String tenantId) {
        return jdbc.sql("SELECT seq, hash FROM audit_heads WHERE tenant_id = ?").param(tenantId)
                .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2))).optional();
    }

    void moveHead(String tenantId, long seq, String hash) {
        jdbc.sql("UPDATE audit_heads SET seq = ?, hash = ? WHERE tenant_id = ?").params(seq, hash, tenantId).update();
    }

    void insert(AuditEntry e) {
        jdbc.sql("INSERT INTO audit_entries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.tenantId(), e.seq(), e.id(), e.action(), e.entityType(), e.entityId(), e.actor(),
                        e.beforeJson(), e.afterJson(), Timestamp.from(e.at()), e.prevHash(), e.hash())
                .update();
    }

    /** Entries in chain order, from {@code fromSeq} on. */
    List<AuditEntry> chain(String tenantId, long fromSeq, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entries WHERE tenant_id = ? AND seq >= ? "
                        + "ORDER BY seq LIMIT ?")
                .params(tenantId, fromSeq, limit).query(AuditRepository::map).list();
    }

    /** Newest first by chain position ({@code seq}), which the clock cannot reorder. */
    List<AuditEntry> page(String tenantId, String entityType, String entityId, Long afterSeq, int fetch) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entries WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        filters(sql, params, entityType, entityId);
        if (afterSeq != null) {
            sql.append(" AND seq < ?");
            params.add(afterSeq);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(fetch);
        return jdbc.sql(sql.toString()).params(params).query(AuditRepository::map).list();
    }

    long count(String tenantId, String entityType, String entityId) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM audit_entries WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        filters(sql, params, entityType, entityId);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    Optional<AuditEntry> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entries WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id).query(AuditRepository::map).optional();
    }

    private static void filters(StringBuilder sql, List<Object> params, String entityType, String entityId) {
        if (entityType != null) {
            sql.append(" AND entity_type = ?");
            params.add(entityType);
        }
        if (entityId != null) {
            sql.append(" AND entity_id = ?");
            params.add(entityId);
        }
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getString("tenant_id"), rs.getLong("seq"), rs.getString("id"),
                rs.getString("action"), rs.getString("entity_type"), rs.getString("entity_id"),
                rs.getString("actor"), rs.getString("before_json"), rs.getString("after_json"),
                rs.getTimestamp("at").toInstant(), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
