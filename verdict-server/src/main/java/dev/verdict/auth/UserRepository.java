package dev.verdict.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Console users; every query takes the tenant. */
@Repository
class UserRepository {

    record StoredUser(String tenantId, String id, String username, Role role, String passwordHash, Instant createdAt,
                      Instant lastLoginAt) { }

    private static final String COLUMNS = "tenant_id, id, username, role, password_hash, created_at, last_login_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tenantId, String id, String username, Role role, String passwordHash, Instant now) {
        jdbc.sql("INSERT INTO console_users (tenant_id, id, username, role, password_hash, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(tenantId, id, username, role.wire(), passwordHash, Timestamp.from(now)).update();
    }

    Optional<StoredUser> findByName(String tenantId, String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_users WHERE tenant_id = ? AND username = ?")
                .params(tenantId, username).query(UserRepository::row).optional();
    }

    Optional<StoredUser> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_users WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id).query(UserRepository::row).optional();
    }

    List<StoredUser> all(String tenantId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_users WHERE tenant_id = ? ORDER BY username")
                .param(tenantId).query(UserRepository::row).list();
    }

    boolean anyExists() {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM console_users LIMIT 1) one").query(Long.class).single() > 0;
    }

    long countAdmins(String tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM console_users WHERE tenant_id = ? AND role = 'admin'")
                .param(tenantId).query(Long.class).single();
    }

    boolean delete(String tenantId, String id) {
        return jdbc.sql("DELETE FROM console_users WHERE tenant_id = ? AND id = ?").params(tenantId, id).update() == 1;
    }

    /**
     * Ends every console session of a user, on every instance (sessions live in the database; Spring Session indexes
     * them by the principal name, {@link ConsoleUser#toString()}). Their attributes go by the cascade.
     */
    int endSessions(String tenantId, String username) {
        return jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?").param(tenantId + "/" + username)
                .update();
    }

    void loggedIn(String tenantId, String id, Instant at) {
        jdbc.sql("UPDATE console_users SET last_login_at = ? WHERE tenant_id = ? AND id = ?")
                .params(Timestamp.from(at), tenantId, id).update();
    }

    private static StoredUser row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        Timestamp last = rs.getTimestamp(7);
        return new StoredUser(rs.getString(1), rs.getString(2), rs.getString(3), Role.fromWire(rs.getString(4)),
                rs.getString(5), rs.getTimestamp(6).toInstant(), last == null ? null : last.toInstant());
    }
}
