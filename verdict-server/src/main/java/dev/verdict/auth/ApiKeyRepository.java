package dev.verdict.auth;

import dev.verdict.web.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

    /** A stored key, without its digest. */
    record StoredKey(String tenantId, String id, String name, Role role, String prefix, Instant createdAt,
                     Instant lastUsedAt) { }

    private static final String COLUMNS = "tenant_id, id, name, role, prefix, created_at, last_used_at";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tenantId, String id, String name, Role role, String prefix, String digest, Instant createdAt) {
        jdbc.sql("INSERT INTO api_keys (tenant_id, id, name, role, prefix, digest, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(tenantId, id, name, role.wire(), prefix, digest, Timestamp.from(createdAt))
                .update();
    }

    Optional<StoredKey> findActiveByDigest(String digest) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE digest = ? AND revoked_at IS NULL")
                .param(digest).query(ApiKeyRepository::map).optional();
    }

    Optional<StoredKey> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL")
                .params(tenantId, id).query(ApiKeyRepository::map).optional();
    }

    List<StoredKey> page(String tenantId, Keyset after, int fetch) {
        if (after == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND revoked_at IS NULL "
                            + "ORDER BY created_at DESC, id DESC LIMIT ?")
                    .params(tenantId, fetch).query(ApiKeyRepository::map).list();
        }
        Timestamp at = Timestamp.from(after.createdAt());
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND revoked_at IS NULL "
                        + "AND (created_at < ? OR (created_at = ? AND id < ?)) "
                        + "ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(tenantId, at, at, after.id(), fetch).query(ApiKeyRepository::map).list();
    }

    long count(String tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE tenant_id = ? AND revoked_at IS NULL")
                .param(tenantId).query(Long.class).single();
    }

    boolean revoke(String tenantId, String id, Instant at) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(at), tenantId, id).update() == 1;
    }

    void touch(String tenantId, String id, Instant at) {
        jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE tenant_id = ? AND id = ?")
                .params(Timestamp.from(at), tenantId, id).update();
    }

    private static StoredKey map(ResultSet rs, int row) throws SQLException {
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        return new StoredKey(rs.getString("tenant_id"), rs.getString("id"), rs.getString("name"),
                Role.fromWire(rs.getString("role")), rs.getString("prefix"),
                rs.getTimestamp("created_at").toInstant(), lastUsed == null ? null : lastUsed.toInstant());
    }
}
