package dev.verdict.common;

import java.sql.Statement;

/** Per-row outcomes of a JDBC batch of conditional writes ({@code ON CONFLICT DO NOTHING}, guarded updates). */
public final class BatchCounts {

    private BatchCounts() {
    }

    /**
     * Per row, whether it was written. Refuses drivers that do not report per-row counts (for example PostgreSQL's
     * {@code reWriteBatchedInserts}): sticky assignment and idempotency depend on knowing which rows were written.
     */
    public static boolean[] written(int[] counts) {
        boolean[] out = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("The JDBC driver did not report per-row update counts");
            }
            out[i] = counts[i] > 0;
        }
        return out;
    }
}
