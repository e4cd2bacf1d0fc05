package dev.verdict.webhook;

import dev.verdict.common.RetentionProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes webhook deliveries that are finished (delivered, or given up) and older than
 * {@code verdict.retention.webhook-history}, with their attempts, and then the outbox events of that age that no
 * delivery refers to any more. A pending delivery, and its event, are never deleted: ordering per subject only
 * waits on pending deliveries, so nothing still to be sent depends on what goes.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("${verdict.retention.enabled:true} and !${verdict.cli:false}")
public class WebhookRetention {

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    WebhookRetention(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${verdict.retention.interval:1h}",
            initialDelayString = "${verdict.retention.interval:1h}")
    void run() {
        purge(clock.instant());
    }

    /** Deletes what is deletable at {@code now}; returns the number of deliveries and events deleted. */
    public long purge(Instant now) {
        Timestamp before = Timestamp.from(now.minus(properties.webhookHistory()));
        long deliveries = properties.deleteInBatches(() -> jdbc.sql("DELETE FROM webhook_deliveries WHERE "
                        + "(tenant_id, id) IN (SELECT tenant_id, id FROM webhook_deliveries WHERE state <> 'pending' "
                        + "AND updated_at < ? LIMIT ?)")
                .params(before, properties.batch()).update());
        long events = properties.deleteInBatches(() -> jdbc.sql("DELETE FROM events WHERE (tenant_id, id) IN ("
                        + "SELECT e.tenant_id, e.id FROM events e WHERE e.occurred_at < ? AND NOT EXISTS ("
                        + "SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = e.tenant_id AND d.event_id = e.id) "
                        + "LIMIT ?)")
                .params(before, properties.batch()).update());
        return deliveries + events;
    }
}
