package dev.verdict.assignment;

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
 * Deletes assignment rows no result or request needs any more: expired rows of a phase that has ended (a returning
 * customer starts a new unit in the current phase anyway) and expired rows of archived experiments. Rows of a
 * running phase are kept even when expired: they say who is already a unit of the phase (ADR 009, ADR 012).
 */
@Component
@EnableScheduling
@ConditionalOnExpression("${verdict.retention.enabled:true} and !${verdict.cli:false}")
public class AssignmentRetention {

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    AssignmentRetention(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${verdict.retention.interval:1h}",
            initialDelayString = "${verdict.retention.interval:1h}")
    void run() {
        purge(clock.instant());
    }

    /** Deletes in batches what is deletable at {@code now}; returns the number of rows deleted. */
    public long purge(Instant now) {
        Timestamp at = Timestamp.from(now);
        // Checked again on the row itself: a concurrent request may just have renewed it.
        return properties.deleteInBatches(() -> jdbc.sql("DELETE FROM assignments WHERE (tenant_id, experiment_id, "
                        + "customer_id) IN (SELECT a.tenant_id, a.experiment_id, a.customer_id FROM assignments a "
                        + "JOIN experiments e ON e.tenant_id = a.tenant_id AND e.id = a.experiment_id "
                        + "WHERE a.expires_at < ? AND (a.phase < e.phase OR e.status = 'archived') LIMIT ?) "
                        + "AND expires_at < ?")
                .params(at, properties.batch(), at).update());
    }
}
