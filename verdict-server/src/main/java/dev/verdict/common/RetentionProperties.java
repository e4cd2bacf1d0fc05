package dev.verdict.common;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Storage retention (ADR 012). Rows that no result and no future request can need are deleted; counters keep the
 * history, so no result changes.
 *
 * @param enabled     run the retention jobs
 * @param interval    how often each job runs
 * @param outcomeKeys how long an outcome's idempotency key is kept once its phase has ended (a retry after that
 *                    is a new outcome)
 * @param batch       rows deleted per statement, so a job never holds long locks
 * @param webhookHistory how long finished webhook deliveries (delivered or given up) and their attempts are kept;
 *                    events older than that with no delivery left go with them
 */
@ConfigurationProperties("verdict.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
                                  @DefaultValue("30d") Duration outcomeKeys, @DefaultValue("5000") int batch,
                                  @DefaultValue("30d") Duration webhookHistory) {

    public RetentionProperties {
        if (batch < 1) {
            throw new IllegalArgumentException("verdict.retention.batch must be at least 1");
        }
    }

    /**
     * Runs one batched delete (a statement deleting at most {@link #batch} rows) again and again until a run deletes
     * fewer, so a job never holds long locks; returns the rows deleted in all.
     */
    public long deleteInBatches(IntSupplier oneBatch) {
        long deleted = 0;
        int n;
        do {
            n = oneBatch.getAsInt();
            deleted += n;
        } while (n >= batch);
        return deleted;
    }
}
