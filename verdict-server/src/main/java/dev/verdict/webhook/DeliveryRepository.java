package dev.verdict.webhook;

import dev.verdict.web.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deliveries (one per subscription and event) and their attempts. */
@Repository
class DeliveryRepository {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    /** A delivery as stored. */
    record Delivery(String tenantId, String id, String subscriptionId, String eventId, String eventType,
                    String subject, String state, int attempts, Instant nextAttemptAt, Integer lastStatus,
                    String lastError, Instant createdAt, Instant deliveredAt) { }

    /** One attempt as stored. */
    record Attempt(String deliveryId, Instant startedAt, Integer statusCode, String error, long durationMs) { }

    /** A delivery this instance holds the lease of, with what it needs to send it. */
    record Claimed(String tenantId, String id, String subscriptionId, String eventId, String eventType,
                   int attempts, Instant createdAt, String leaseToken, String url, String secret, String payload) { }

    private static final String COLUMNS = "tenant_id, id, subscription_id, event_id, event_type, subject, state, "
            + "attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tenantId, String id, String subscriptionId, String eventId, long eventSeq, String eventType,
                String subject, Instant at) {
        Timestamp t = Timestamp.from(at);
        jdbc.sql("INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, event_seq, event_type, "
                        + "subject, state, attempts, next_attempt_at, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)")
                .params(tenantId, id, subscriptionId, eventId, eventSeq, eventType, subject, t, t, t).update();
    }

    /**
     * Leases up to {@code max} due deliveries until {@code leaseUntil} (the caller's transaction must commit before
     * it sends anything). A delivery is due when it is pending, its retry time has come, nobody holds an unexpired
     * lease on it, its subscription is active, and no earlier event of the same subject is still pending for the
     * same subscription (order per experiment).
     *
     * <p>The candidates are read without locks; each is then locked alone by its key with FOR UPDATE SKIP LOCKED,
     * so concurrent instances pass over each other's rows instead of queueing behind them, and leased by a
     * conditional UPDATE, which is what makes a lease exclusive. (H2 locks every row a sorted, limited FOR UPDATE
     * query reads, so the lock is taken per row by primary key, where both databases lock exactly that row.) The one
     * vendor-sensitive statement of the feature: tested on PostgreSQL and H2 (DeliveryClaimTest).
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int max, String leaseToken) {
        Timestamp at = Timestamp.from(now);
        List<String[]> candidates = jdbc.sql("SELECT d.tenant_id, d.id FROM webhook_deliveries d "
                        + "WHERE d.state = 'pending' AND d.next_attempt_at <= ? "
                        + "AND (d.lease_until IS NULL OR d.lease_until <= ?) "
                        + "AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.tenant_id = d.tenant_id "
                        + "AND s.id = d.subscription_id AND s.active = TRUE) "
                        + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.tenant_id = d.tenant_id "
                        + "AND p.subscription_id = d.subscription_id AND p.subject = d.subject "
                        + "AND p.event_seq < d.event_seq AND p.state = 'pending') "
                        + "ORDER BY d.next_attempt_at, d.event_seq LIMIT ?")
                .params(at, at, Math.max(max * 4, max + 16))
                .query((rs, row) -> new String[]{rs.getString(1), rs.getString(2)}).list();
        List<Claimed> claimed = new ArrayList<>();
        for (String[] c : candidates) {
            if (claimed.size() >= max) {
                break;
            }
            boolean locked = jdbc.sql("SELECT id FROM webhook_deliveries WHERE tenant_id = ? AND id = ? "
                            + "AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?) "
                            + "FOR UPDATE SKIP LOCKED")
                    .params(c[0], c[1], at).query(String.class).optional().isPresent();
            if (!locked) {
                continue;
            }
            int leased = jdbc.sql("UPDATE webhook_deliveries SET lease_token = ?, lease_until = ?, updated_at = ? "
                            + "WHERE tenant_id = ? AND id = ? AND state = 'pending' "
                            + "AND (lease_until IS NULL OR lease_until <= ?)")
                    .params(leaseToken, Timestamp.from(leaseUntil), at, c[0], c[1], at).update();
            if (leased == 1) {
                jdbc.sql("SELECT d.tenant_id, d.id, d.subscription_id, d.event_id, d.event_type, d.attempts, "
                                + "d.created_at, s.url, s.secret, e.payload FROM webhook_deliveries d "
                                + "JOIN webhook_subscriptions s ON s.tenant_id = d.tenant_id AND s.id = d.subscription_id "
                                + "JOIN events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id "
                                + "WHERE d.tenant_id = ? AND d.id = ?")
                        .params(c[0], c[1])
                        .query((rs, row) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(),
                                leaseToken, rs.getString(8), rs.getString(9), rs.getString(10)))
                        .optional().ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /** Ends an attempt under the lease it was made with; false when the lease had been lost meanwhile. */
    boolean finishAttempt(Claimed c, String state, Instant nextAttemptAt, Integer status, String error, Instant now) {
        return jdbc.sql("UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, "
                        + "lease_token = NULL, lease_until = NULL, last_status = ?, last_error = ?, "
                        + "delivered_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND lease_token = ?")
                .params(state, Timestamp.from(nextAttemptAt), status, error,
                        DELIVERED.equals(state) ? Timestamp.from(now) : null, Timestamp.from(now), c.tenantId(),
                        c.id(), c.leaseToken())
                .update() == 1;
    }

    void insertAttempt(String tenantId, String id, String deliveryId, Instant startedAt, Integer status, String error,
                       long durationMs) {
        jdbc.sql("INSERT INTO webhook_attempts (tenant_id, id, delivery_id, started_at, status_code, error, "
                        + "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(tenantId, id, deliveryId, Timestamp.from(startedAt), status, error, durationMs).update();
    }

    Optional<Delivery> find(String tenantId, String subscriptionId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ? "
                        + "AND id = ?")
                .params(tenantId, subscriptionId, id).query(DeliveryRepository::map).optional();
    }

    /** Makes a delivery pending again, due now, whatever its state (redelivery on request). */
    void redeliver(String tenantId, String id, Instant now) {
        Timestamp t = Timestamp.from(now);
        jdbc.sql("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, lease_token = NULL, "
                        + "lease_until = NULL, delivered_at = NULL, updated_at = ? "
                        + "WHERE tenant_id = ? AND id = ?")
                .params(t, t, tenantId, id).update();
    }

    List<Delivery> page(String tenantId, String subscriptionId, Keyset after, int fetch) {
        if (after == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ? "
                            + "ORDER BY created_at DESC, id DESC LIMIT ?")
                    .params(tenantId, subscriptionId, fetch).query(DeliveryRepository::map).list();
        }
        Timestamp at = Timestamp.from(after.createdAt());
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ? "
                        + "AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(tenantId, subscriptionId, at, at, after.id(), fetch).query(DeliveryRepository::map).list();
    }

    long count(String tenantId, String subscriptionId) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ?")
                .params(tenantId, subscriptionId).query(Long.class).single();
    }

    List<Attempt> attempts(String tenantId, Collection<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(deliveryIds.size(), "?"));
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(deliveryIds);
        return jdbc.sql("SELECT delivery_id, started_at, status_code, error, duration_ms FROM webhook_attempts "
                        + "WHERE tenant_id = ? AND delivery_id IN (" + marks + ") ORDER BY started_at, id")
                .params(params)
                .query((rs, row) -> {
                    int status = rs.getInt(3);
                    return new Attempt(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.wasNull() ? null : status,
                            rs.getString(4), rs.getLong(5));
                }).list();
    }

    /** When the oldest pending delivery was created (for the lag metric), or null when none is pending. */
    Instant oldestPending() {
        return jdbc.sql("SELECT MIN(created_at) FROM webhook_deliveries WHERE state = 'pending'")
                .query((rs, row) -> {
                    Timestamp t = rs.getTimestamp(1);
                    return t == null ? null : t.toInstant();
                }).optional().orElse(null);
    }

    private static Delivery map(ResultSet rs, int row) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        Timestamp delivered = rs.getTimestamp("delivered_at");
        return new Delivery(rs.getString("tenant_id"), rs.getString("id"), rs.getString("subscription_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("subject"), rs.getString("state"),
                rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(), lastStatus,
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                delivered == null ? null : delivered.toInstant());
    }
}
