package dev.verdict.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

    record Tenant(String id, String name, Instant createdAt) { }

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the tenant unless it exists; true when this call created it (safe when instances race). */
    boolean createIfAbsent(String id, String name, Instant at) {
        return jdbc.sql("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(id, name, Timestamp.from(at)).update() == 1;
    }

    boolean exists(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM tenants WHERE id = ?").param(id).query(Long.class).single() > 0;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single();
    }

    List<Tenant> all() {
        return jdbc.sql("SELECT id, name, created_at FROM tenants ORDER BY id")
                .query((rs, i) -> new Tenant(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }
}
