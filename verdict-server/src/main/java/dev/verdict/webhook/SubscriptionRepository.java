package dev.verdict.webhook;

import dev.verdict.web.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubscriptionRepository {

    private static final String COLUMNS = "tenant_id, id, url, description, event_types, active, secret, "
            + "failing_since, disabled_at, disabled_reason, created_at, updated_at";

    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Subscription s) {
        jdbc.sql("INSERT INTO webhook_subscriptions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.tenantId(), s.id(), s.url(), s.description(), String.join(",", s.eventTypes()),
                        s.active(), s.secret(), ts(s.failingSince()), ts(s.disabledAt()), s.disabledReason(),
                        ts(s.createdAt()), ts(s.updatedAt()))
                .update();
    }

    void update(Subscription s) {
        jdbc.sql("UPDATE webhook_subscriptions SET url = ?, description = ?, event_types = ?, active = ?, "
                        + "failing_since = ?, disabled_at = ?, disabled_reason = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND id = ?")
                .params(s.url(), s.description(), String.join(",", s.eventTypes()), s.active(),
                        ts(s.failingSince()), ts(s.disabledAt()), s.disabledReason(), ts(s.updatedAt()),
                        s.tenantId(), s.id())
                .update();
    }

    Optional<Subscription> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id).query(SubscriptionRepository::map).optional();
    }

    Optional<Subscription> findForUpdate(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE tenant_id = ? AND id = ? FOR UPDATE")
                .params(tenantId, id).query(SubscriptionRepository::map).optional();
    }

    List<Subscription> active(String tenantId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE tenant_id = ? AND active = TRUE")
                .param(tenantId).query(SubscriptionRepository::map).list();
    }

    List<Subscription> page(String tenantId, Keyset after, int fetch) {
        if (after == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE tenant_id = ? "
                            + "ORDER BY created_at DESC, id DESC LIMIT ?")
                    .params(tenantId, fetch).query(SubscriptionRepository::map).list();
        }
        Timestamp at = Timestamp.from(after.createdAt());
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE tenant_id = ? "
                        + "AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(tenantId, at, at, after.id(), fetch).query(SubscriptionRepository::map).list();
    }

    long count(String tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_subscriptions WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single();
    }

    void delete(String tenantId, String id) {
        jdbc.sql("DELETE FROM webhook_subscriptions WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString("tenant_id"), rs.getString("id"), rs.getString("url"),
                rs.getString("description"), Arrays.asList(rs.getString("event_types").split(",")),
                rs.getBoolean("active"), rs.getString("secret"), instant(rs, "failing_since"),
                instant(rs, "disabled_at"), rs.getString("disabled_reason"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
