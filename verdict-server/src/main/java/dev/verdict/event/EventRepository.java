package dev.verdict.event;

import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EventRepository {

    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the event; false when {@code dedupeKey} was already used in the tenant. */
    boolean insert(String tenantId, String id, String type, String subject, String dedupeKey, String payload,
                   Timestamp at) {
        return jdbc.sql("INSERT INTO events (tenant_id, id, type, subject, dedupe_key, payload, occurred_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(tenantId, id, type, subject, dedupeKey, payload, at).update() == 1;
    }

    long seq(String tenantId, String id) {
        return jdbc.sql("SELECT seq FROM events WHERE tenant_id = ? AND id = ?").params(tenantId, id)
                .query(Long.class).single();
    }
}
