package dev.verdict.assignment;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage of assignments and their unit counters: one implementation per database, chosen once at startup
 * ({@link AssignmentStorage}). The service hands it whole group commits and never asks which database it runs on.
 */
interface AssignmentStore {

    /** What one request wants written: new assignments, and replacements of stale ones. */
    record Write(String tenantId, String experimentId, int phase, int configVersion, List<StoredAssignment> inserts,
                 List<StoredAssignment> staleOld, List<StoredAssignment> staleNew) { }

    /**
     * Per row of a {@link Write}, whether it was written (false: the customer was already assigned, or another writer
     * got there first); and, by customer, the stored assignment the write found in place of an insert, when the
     * store read it in the same statement (PostgreSQL does; a store that does not leaves it empty and the service
     * reads what it needs).
     */
    record Written(boolean[] inserted, boolean[] replaced, Map<String, StoredAssignment> found) {

        Written(boolean[] inserted, boolean[] replaced) {
            this(inserted, replaced, Map.of());
        }
    }

    Optional<StoredAssignment> find(String tenantId, String experimentId, String customerId);

    /** The stored assignments of the customers that have one, by customer. */
    Map<String, StoredAssignment> findAll(String tenantId, String experimentId, Collection<String> customerIds);

    /**
     * Writes one group commit atomically: new units, replacements (a unit's first crossover, or a new unit in a new
     * phase) and the counters they change. Per job, what was written; committed when it returns.
     */
    List<Written> write(List<Write> jobs);

    /** Units of a phase per (configuration version, variant), summed over days and slots. */
    List<UnitCount> counts(String tenantId, String experimentId, int phase);

    /** Units of a phase per (UTC day, configuration version, variant), in day order. */
    List<DailyUnitCount> dailyCounts(String tenantId, String experimentId, int phase);

    /** New assignments of the tenant on the UTC days from {@code firstDay} on. */
    long assignedSince(String tenantId, LocalDate firstDay);
}
