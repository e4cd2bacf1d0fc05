package dev.verdict.common;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counter rows striped over {@link #SLOTS} slots, so concurrent writers rarely wait on one row (readers sum the
 * slots). Adding is "UPDATE, else INSERT … ON CONFLICT DO NOTHING, else UPDATE": race-free on PostgreSQL and H2
 * without vendor-specific upserts (ADR 001).
 */
public final class StripedCounters {

    public static final int SLOTS = 16;

    private StripedCounters() {
    }

    /** A random slot for the next addition. */
    public static int slot() {
        return ThreadLocalRandom.current().nextInt(SLOTS);
    }

    /**
     * Applies {@code update} (which adds to the row); creates the row with {@code insert} if there is none yet, and
     * adds again if another writer created it first.
     */
    public static void add(JdbcClient jdbc, String update, Object[] updateArgs, String insert, Object[] insertArgs) {
        if (jdbc.sql(update).params(updateArgs).update() == 1) {
            return;
        }
        if (jdbc.sql(insert).params(insertArgs).update() == 0) {
            jdbc.sql(update).params(updateArgs).update();
        }
    }
}
