package dev.verdict.assignment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.verdict.common.BatchCounts;
import dev.verdict.common.Database;
import dev.verdict.common.StripedCounters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AssignmentRepository {

    private static final String COLUMNS = "customer_id, phase, config_version, variant, model_id, assigned_at, "
            + "expires_at, unit_config_version, unit_variant, crossed_over";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final boolean postgres;

    AssignmentRepository(JdbcClient jdbc, JdbcTemplate template, Database database) {
        this.jdbc = jdbc;
        this.template = template;
        this.postgres = database.isPostgres();
    }

    Optional<StoredAssignment> find(String tenantId, String experimentId, String customerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM assignments WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND customer_id = ?")
                .params(tenantId, experimentId, customerId).query(AssignmentRepository::map).optional();
    }

    Map<String, StoredAssignment> findAll(String tenantId, String experimentId, Collection<String> customerIds) {
        Map<String, StoredAssignment> out = new HashMap<>();
        if (customerIds.isEmpty()) {
            return out;
        }
        List<Object> params = new ArrayList<>(customerIds.size() + 2);
        params.add(tenantId);
        params.add(experimentId);
        params.addAll(customerIds);
        String marks = String.join(",", Collections.nCopies(customerIds.size(), "?"));
        jdbc.sql("SELECT " + COLUMNS + " FROM assignments WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND customer_id IN (" + marks + ")")
                .params(params).query(AssignmentRepository::map).list()
                .forEach(a -> out.put(a.customerId(), a));
        return out;
    }

    /** An assignment of one experiment, for the batched writes. */
    record Keyed(String tenantId, String experimentId, StoredAssignment assignment) { }

    /** Inserts each assignment unless the customer already has one; per row, whether this call inserted it. */
    boolean[] insertIfAbsent(List<Keyed> rows) {
        return postgres ? multiRow(INSERT_UNNEST + " RETURNING tenant_id, experiment_id, customer_id", rows)
                : insertIfAbsentBatch(rows);
    }

    /**
     * Whether {@link #insertCounted} is available: on PostgreSQL one statement inserts the rows and adds them to
     * the counters, so a group commit of new assignments is one round trip that commits on its own.
     */
    boolean countsInInsert() {
        return postgres;
    }

    /**
     * PostgreSQL: {@link #insertIfAbsent} and, in the same statement (data-modifying CTEs), adds the rows it
     * inserted to the assignment counters and to the tenant's counter of their UTC day, on {@code slot}. Run outside
     * a transaction, the statement is atomic and committed when it returns. Counter rows are locked in key order
     * (see ADR 006).
     */
    boolean[] insertCounted(List<Keyed> rows, int slot) {
        if (!postgres) {
            throw new IllegalStateException("insertCounted needs PostgreSQL");
        }
        return multiRow("WITH ins AS (" + INSERT_UNNEST
                + " RETURNING tenant_id, experiment_id, customer_id, phase, config_version, variant, assigned_at), "
                + "counted AS (INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, "
                + "variant, count_day, slot, customers, crossovers) SELECT tenant_id, experiment_id, phase, "
                + "config_version, variant, (assigned_at AT TIME ZONE 'UTC')::date AS day, ?::int, count(*), 0 "
                + "FROM ins GROUP BY tenant_id, experiment_id, phase, config_version, variant, day "
                + "ORDER BY tenant_id, experiment_id, phase, config_version, variant, day "
                + "ON CONFLICT (tenant_id, experiment_id, phase, config_version, variant, count_day, slot) "
                + "DO UPDATE SET customers = assignment_counts.customers + EXCLUDED.customers), "
                + "days AS (INSERT INTO assignment_days (tenant_id, assigned_day, slot, customers) "
                + "SELECT tenant_id, (assigned_at AT TIME ZONE 'UTC')::date AS day, ?::int, count(*) FROM ins "
                + "GROUP BY tenant_id, day ORDER BY tenant_id, day ON CONFLICT (tenant_id, assigned_day, slot) "
                + "DO UPDATE SET customers = assignment_days.customers + EXCLUDED.customers) "
                + "SELECT tenant_id, experiment_id, customer_id FROM ins", rows, slot, slot);
    }

    /** Inserts the unnested arrays (bound by {@link #multiRow}), skipping customers already assigned. */
    private static final String INSERT_UNNEST = "INSERT INTO assignments (tenant_id, experiment_id, " + COLUMNS
            + ") SELECT t.*, t.config_version, t.variant, FALSE FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], "
            + "?::int[], ?::int[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[]) AS t(tenant_id, "
            + "experiment_id, customer_id, phase, config_version, variant, model_id, assigned_at, expires_at) "
            + "ON CONFLICT DO NOTHING";

    /**
     * PostgreSQL: runs {@code sql}, a multi-row statement over the rows as arrays (unnested in the given order,
     * then {@code more} parameters) that returns the keys it inserted; per row, whether it was inserted. About ten
     * times cheaper than a batch of single-row inserts for a 1,000-customer batch.
     */
    private boolean[] multiRow(String sql, List<Keyed> rows, Object... more) {
        int n = rows.size();
        String[] tenants = new String[n];
        String[] experiments = new String[n];
        String[] customers = new String[n];
        Integer[] phases = new Integer[n];
        Integer[] versions = new Integer[n];
        String[] variants = new String[n];
        String[] models = new String[n];
        Timestamp[] assigned = new Timestamp[n];
        Timestamp[] expires = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            Keyed r = rows.get(i);
            StoredAssignment a = r.assignment();
            tenants[i] = r.tenantId();
            experiments[i] = r.experimentId();
            customers[i] = a.customerId();
            phases[i] = a.phase();
            versions[i] = a.configVersion();
            variants[i] = a.variant();
            models[i] = a.modelId();
            assigned[i] = Timestamp.from(a.assignedAt());
            expires[i] = Timestamp.from(a.expiresAt());
        }
        java.util.Set<List<String>> inserted = template.execute((org.springframework.jdbc.core.ConnectionCallback<
                java.util.Set<List<String>>>) c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("varchar", tenants));
                ps.setArray(2, c.createArrayOf("varchar", experiments));
                ps.setArray(3, c.createArrayOf("varchar", customers));
                ps.setArray(4, c.createArrayOf("int4", phases));
                ps.setArray(5, c.createArrayOf("int4", versions));
                ps.setArray(6, c.createArrayOf("varchar", variants));
                ps.setArray(7, c.createArrayOf("varchar", models));
                ps.setArray(8, c.createArrayOf("timestamptz", assigned));
                ps.setArray(9, c.createArrayOf("timestamptz", expires));
                for (int i = 0; i < more.length; i++) {
                    ps.setObject(10 + i, more[i]);
                }
                java.util.Set<List<String>> keys = new java.util.HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return keys;
            }
        });
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            // remove: a customer listed twice in one batch was inserted once, by its first occurrence
            out[i] = inserted.remove(List.of(tenants[i], experiments[i], customers[i]));
        }
        return out;
    }

    private boolean[] insertIfAbsentBatch(List<Keyed> rows) {
        int[] counts = template.batchUpdate("INSERT INTO assignments (tenant_id, experiment_id, " + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows.stream().map(r -> {
                    StoredAssignment a = r.assignment();
                    return new Object[]{r.tenantId(), r.experimentId(), a.customerId(), a.phase(),
                            a.configVersion(), a.variant(), a.modelId(), Timestamp.from(a.assignedAt()),
                            Timestamp.from(a.expiresAt()), a.unitConfigVersion(), a.unitVariant(),
                            a.crossedOver()};
                }).toList());
        return BatchCounts.written(counts);
    }

    /**
     * Replaces stale assignments (expired, earlier phase, changed variant), each only if the row is still the one
     * that was judged stale, so two racing replacements store one.
     */
    boolean[] replace(List<Keyed> stale, List<Keyed> fresh) {
        List<Object[]> args = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            StoredAssignment a = fresh.get(i).assignment();
            StoredAssignment old = stale.get(i).assignment();
            args.add(new Object[]{a.phase(), a.configVersion(), a.variant(), a.modelId(),
                    Timestamp.from(a.assignedAt()), Timestamp.from(a.expiresAt()), a.unitConfigVersion(),
                    a.unitVariant(), a.crossedOver(), fresh.get(i).tenantId(), fresh.get(i).experimentId(),
                    a.customerId(), old.phase(), Timestamp.from(old.assignedAt())});
        }
        int[] counts = template.batchUpdate("UPDATE assignments SET phase = ?, config_version = ?, variant = ?, "
                + "model_id = ?, assigned_at = ?, expires_at = ?, unit_config_version = ?, unit_variant = ?, "
                + "crossed_over = ? WHERE tenant_id = ? AND experiment_id = ? AND customer_id = ? AND phase = ? "
                + "AND assigned_at = ?", args);
        return BatchCounts.written(counts);
    }


    /**
     * Adds new units and first crossovers to the counters of (phase, configuration version, variant, UTC day), on a
     * random slot.
     */
    void count(String tenantId, String experimentId, int phase, int configVersion, String variant,
               java.time.LocalDate day, long customers, long crossovers) {
        int slot = StripedCounters.slot();
        java.sql.Date date = java.sql.Date.valueOf(day);
        StripedCounters.add(jdbc, "UPDATE assignment_counts SET customers = customers + ?, crossovers = crossovers + ? "
                        + "WHERE tenant_id = ? AND experiment_id = ? AND phase = ? AND config_version = ? "
                        + "AND variant = ? AND count_day = ? AND slot = ?",
                new Object[]{customers, crossovers, tenantId, experimentId, phase, configVersion, variant, date, slot},
                "INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, variant, count_day, "
                        + "slot, customers, crossovers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[]{tenantId, experimentId, phase, configVersion, variant, date, slot, customers,
                        crossovers});
    }

    /** Units of a phase per (configuration version, variant): customers and crossovers, summed over days and slots. */
    List<UnitCount> counts(String tenantId, String experimentId, int phase) {
        return jdbc.sql("SELECT config_version, variant, SUM(customers), SUM(crossovers) FROM assignment_counts "
                        + "WHERE tenant_id = ? AND experiment_id = ? AND phase = ? GROUP BY config_version, variant "
                        + "ORDER BY config_version, variant")
                .params(tenantId, experimentId, phase)
                .query((rs, i) -> new UnitCount(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** Units of a phase per (UTC day, configuration version, variant), in day order. */
    List<DailyUnitCount> dailyCounts(String tenantId, String experimentId, int phase) {
        return jdbc.sql("SELECT count_day, config_version, variant, SUM(customers), SUM(crossovers) "
                        + "FROM assignment_counts WHERE tenant_id = ? AND experiment_id = ? AND phase = ? "
                        + "GROUP BY count_day, config_version, variant ORDER BY count_day, config_version, variant")
                .params(tenantId, experimentId, phase)
                .query((rs, i) -> new DailyUnitCount(rs.getDate(1).toLocalDate(), rs.getInt(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5))).list();
    }

    /** Adds to the tenant's count of new assignments on a UTC day, on a random slot. */
    void countDay(String tenantId, java.time.LocalDate day, long delta) {
        int slot = StripedCounters.slot();
        java.sql.Date date = java.sql.Date.valueOf(day);
        StripedCounters.add(jdbc, "UPDATE assignment_days SET customers = customers + ? WHERE tenant_id = ? "
                        + "AND assigned_day = ? AND slot = ?", new Object[]{delta, tenantId, date, slot},
                "INSERT INTO assignment_days (tenant_id, assigned_day, slot, customers) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING", new Object[]{tenantId, date, slot, delta});
    }

    /** New assignments of the tenant on the UTC days from {@code firstDay} on. */
    long assignedSince(String tenantId, java.time.LocalDate firstDay) {
        return jdbc.sql("SELECT COALESCE(SUM(customers), 0) FROM assignment_days WHERE tenant_id = ? "
                        + "AND assigned_day >= ?")
                .params(tenantId, java.sql.Date.valueOf(firstDay)).query(Long.class).single();
    }

    private static StoredAssignment map(ResultSet rs, int row) throws SQLException {
        return new StoredAssignment(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getInt(8), rs.getString(9),
                rs.getBoolean(10));
    }
}
