package dev.verdict.outcome;

import java.util.List;
import java.util.Optional;

/**
 * Storage of outcomes, their first-of-kind markers and counters: one implementation per database, chosen once at
 * startup ({@link OutcomeStorage}). An outcome is attributed to its customer's assignment row as stored when the
 * outcome is written, read inside the same write, on every database.
 */
interface OutcomeStore {

    /** A stored outcome with the hash of the request that created it. */
    record Stored(OutcomeView view, String requestHash) { }

    /** An outcome to store, with its tenant and the hash of the request that asked for it. */
    record Pending(String tenantId, OutcomeView outcome, String requestHash) { }

    /** What a write did with one outcome; for a stored one, the assignment it was attributed to. */
    record Written(Result result, int phase, String variant, String modelId) {

        enum Result { STORED, KEY_USED, UNASSIGNED }

        static final Written KEY_USED = new Written(Result.KEY_USED, 0, null, null);
        static final Written UNASSIGNED = new Written(Result.UNASSIGNED, 0, null, null);
    }

    Optional<Stored> find(String tenantId, String experimentId, String idempotencyKey);

    /**
     * Writes one group commit atomically: each outcome attributed to its customer's assignment and stored unless its
     * idempotency key exists (the first of a repeated key wins), the first-of-kind markers, and the counters of the
     * customers' unit strata. Per job, in the jobs' order, what happened to it; committed when it returns.
     */
    List<Written> write(List<Pending> jobs);

    /** Per stratum (configuration version, unit variant) of a phase: the outcome's counters summed. */
    List<OutcomeCount> counts(String tenantId, String experimentId, int phase, String outcome);

    /** The same per UTC day, in day order. */
    List<DailyOutcomeCount> dailyCounts(String tenantId, String experimentId, int phase, String outcome);
}
