package dev.verdict.outcome;

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
 * Deletes outcome rows of ended phases (and archived experiments) once their idempotency keys are older than
 * {@code verdict.retention.outcome-keys}, and the first-of-kind markers of ended phases whose customers no longer
 * hold an assignment in that phase (no outcome can be attributed there any more). Counters keep the history.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("${verdict.retention.enabled:true} and !${verdict.cli:false}")
public class OutcomeRetention {

    private static final String ENDED = "EXISTS (SELECT 1 FROM experiments e WHERE e.tenant_id = t.tenant_id "
            + "AND e.id = t.experiment_id AND (t.phase < e.phase OR e.status = 'archived'))";

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    OutcomeRetention(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${verdict.retention.interval:1h}",
            initialDelayString = "${verdict.retention.interval:1h}")
    void run() {
        purge(clock.instant());
    }

    /** Deletes what is deletable at {@code now}; returns the number of rows deleted. */
    public long purge(Instant now) {
        Timestamp keysBefore = Timestamp.from(now.minus(properties.outcomeKeys()));
        long outcomes = properties.deleteInBatches(() -> jdbc.sql("DELETE FROM outcomes WHERE (tenant_id, "
                        + "experiment_id, idempotency_key) IN (SELECT t.tenant_id, t.experiment_id, t.idempotency_key "
                        + "FROM outcomes t WHERE t.recorded_at < ? AND " + ENDED + " LIMIT ?)")
                .params(keysBefore, properties.batch()).update());
        long markers = properties.deleteInBatches(() -> jdbc.sql("DELETE FROM outcome_firsts WHERE (tenant_id, "
                        + "experiment_id, phase, outcome, customer_id) IN (SELECT t.tenant_id, t.experiment_id, "
                        + "t.phase, t.outcome, t.customer_id FROM outcome_firsts t WHERE " + ENDED
                        + " AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.tenant_id = t.tenant_id "
                        + "AND a.experiment_id = t.experiment_id AND a.customer_id = t.customer_id "
                        + "AND a.phase = t.phase) LIMIT ?)")
                .params(properties.batch()).update());
        return outcomes + markers;
    }
}
