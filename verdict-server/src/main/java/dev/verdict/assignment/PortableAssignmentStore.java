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
import dev.verdict.common.StripedCounters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Assignments in the SQL subset PostgreSQL and H2 share (ADR 001): a group commit is one transaction with the rows
 * in key order and the counters aggregated. {@link PostgresAssignmentStore} replaces the common case with one
 * statement.
 */
class PortableAssignmentStore implements AssignmentStore {

    static final String COLUMNS = "customer_id, phase, config_version, variant, model_id, assigned_at, "
            + "expires_at, unit_config_version, unit_variant, crossed_over";

    protected final JdbcClient jdbc;
    protected final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PortableAssignmentStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Optional<StoredAssignment> find(String tenantId, String experimentId, String customerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM assignments WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND customer_id = ?")
                .params(tenantId, experimentId, customerId).query(PortableAssignmentStore::map).optional();
    }

    @Override
    public Map<String, StoredAssignment> findAll(String tenantId, String experimentId, Collection<String> customerIds) {
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
                .params(params).query(PortableAssignmentStore::map).list()
                .forEach(a -> out.put(a.customerId(), a));
        return out;
    }

    /** An assignment of one experiment, for the batched writes. */
    record Keyed(String tenantId, String experimentId, StoredAssignment assignment) { }

    /** Inserts each assignment unless the customer already has one; per row, whether this call inserted it. */
    protected boolean[] insertIfAbsent(List<Keyed> rows) {
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
     * Replaces stale assignments (expired, earlier phase, changed variant) or marks a unit crossed over, each only
     * if the row is still the one that was judged (same phase, time and crossover flag), so two racing writers
     * store one.
     */
    protected boolean[] replace(List<Keyed> stale, List<Keyed> fresh) {
        List<Object[]> args = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            StoredAssignment a = fresh.get(i).assignment();
            StoredAssignment old = stale.get(i).assignment();
            args.add(new Object[]{a.phase(), a.configVersion(), a.variant(), a.modelId(),
                    Timestamp.from(a.assignedAt()), Timestamp.from(a.expiresAt()), a.unitConfigVersion(),
                    a.unitVariant(), a.crossedOver(), fresh.get(i).tenantId(), fresh.get(i).experimentId(),
                    a.customerId(), old.phase(), Timestamp.from(old.assignedAt()), old.crossedOver()});
        }
        int[] counts = template.batchUpdate("UPDATE assignments SET phase = ?, config_version = ?, variant = ?, "
                + "model_id = ?, assigned_at = ?, expires_at = ?, unit_config_version = ?, unit_variant = ?, "
                + "crossed_over = ? WHERE tenant_id = ? AND experiment_id = ? AND customer_id = ? AND phase = ? "
                + "AND assigned_at = ? AND crossed_over = ?", args);
        return BatchCounts.written(counts);
    }


    /**
     * Adds new units and first crossovers to the counters of (phase, configuration version, variant, UTC day), on a
     * random slot.
     */
    protected void count(String tenantId, String experimentId, int phase, int configVersion, String variant,
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
    @Override
    public List<UnitCount> counts(String tenantId, String experimentId, int phase) {
        return jdbc.sql("SELECT config_version, variant, SUM(customers), SUM(crossovers) FROM assignment_counts "
                        + "WHERE tenant_id = ? AND experiment_id = ? AND phase = ? GROUP BY config_version, variant "
                        + "ORDER BY config_version, variant")
                .params(tenantId, experimentId, phase)
                .query((rs, i) -> new UnitCount(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** Units of a phase per (UTC day, configuration version, variant), in day order. */
    @Override
    public List<DailyUnitCount> dailyCounts(String tenantId, String experimentId, int phase) {
        return jdbc.sql("SELECT count_day, config_version, variant, SUM(customers), SUM(crossovers) "
                        + "FROM assignment_counts WHERE tenant_id = ? AND experiment_id = ? AND phase = ? "
                        + "GROUP BY count_day, config_version, variant ORDER BY count_day, config_version, variant")
                .params(tenantId, experimentId, phase)
                .query((rs, i) -> new DailyUnitCount(rs.getDate(1).toLocalDate(), rs.getInt(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5))).list();
    }

    /** Adds to the tenant's count of new assignments on a UTC day, on a random slot. */
    protected void countDay(String tenantId, java.time.LocalDate day, long delta) {
        int slot = StripedCounters.slot();
        java.sql.Date date = java.sql.Date.valueOf(day);
        StripedCounters.add(jdbc, "UPDATE assignment_days SET customers = customers + ? WHERE tenant_id = ? "
                        + "AND assigned_day = ? AND slot = ?", new Object[]{delta, tenantId, date, slot},
                "INSERT INTO assignment_days (tenant_id, assigned_day, slot, customers) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING", new Object[]{tenantId, date, slot, delta});
    }

    /** New assignments of the tenant on the UTC days from {@code firstDay} on. */
    @Override
    public long assignedSince(String tenantId, java.time.LocalDate firstDay) {
        return jdbc.sql("SELECT COALESCE(SUM(customers), 0) FROM assignment_days WHERE tenant_id = ? "
                        + "AND assigned_day >= ?")
                .params(tenantId, java.sql.Date.valueOf(firstDay)).query(Long.class).single();
    }

    private record CounterKey(String tenantId, String experimentId, int phase, int configVersion, String variant,
                              LocalDate day) { }


    /** One transaction with the rows in two batches and the counters aggregated. */
    @Override
    public List<Written> write(List<Write> jobs) {
        return transactions.execute(tx -> writeAll(jobs));
    }

    private List<Written> writeAll(List<Write> jobs) {
        // Rows in key order, so concurrent writers (other instances) take unique-index locks in the same order
        // and cannot deadlock; results are mapped back to each job's own order.
        boolean[] inserted = inKeyOrder(keyed(jobs, Write::inserts), null,
                (rows, unused) -> insertIfAbsent(rows));
        boolean[] replaced = inKeyOrder(keyed(jobs, Write::staleNew), keyed(jobs, Write::staleOld),
                (fresh, stale) -> replace(stale, fresh));
        // Counters in a fixed order, so concurrent committers (other instances) lock rows in the same order.
        Map<CounterKey, long[]> counts = new TreeMap<>(Comparator.comparing(CounterKey::tenantId)
                .thenComparing(CounterKey::experimentId).thenComparingInt(CounterKey::phase)
                .thenComparingInt(CounterKey::configVersion).thenComparing(CounterKey::variant)
                .thenComparing(CounterKey::day));
        List<Written> results = split(jobs, inserted, replaced, counts);
        counts.forEach((k, n) -> count(k.tenantId(), k.experimentId(), k.phase(), k.configVersion(),
                k.variant(), k.day(), n[0], n[1]));
        Map<String, Long> perTenant = new TreeMap<>();
        counts.forEach((k, n) -> perTenant.merge(k.tenantId(), n[0], Long::sum));
        LocalDate today = today();
        perTenant.forEach((tenant, n) -> {
            if (n > 0) {
                countDay(tenant, today, n);
            }
        });
        return results;
    }

    static List<Keyed> keyed(List<Write> jobs, Function<Write, List<StoredAssignment>> rows) {
        List<Keyed> out = new ArrayList<>();
        for (Write w : jobs) {
            rows.apply(w).forEach(a -> out.add(new Keyed(w.tenantId(), w.experimentId(), a)));
        }
        return out;
    }

    /**
     * Hands each job its share of the flat results (rows were flattened job by job); adds what was written to
     * {@code counts} when given.
     */
    static List<Written> split(List<Write> jobs, boolean[] inserted, boolean[] replaced,
                                       Map<CounterKey, long[]> counts) {
        List<Written> results = new ArrayList<>(jobs.size());
        int ins = 0;
        int rep = 0;
        for (Write w : jobs) {
            boolean[] wi = new boolean[w.inserts().size()];
            for (int i = 0; i < wi.length; i++, ins++) {
                wi[i] = inserted[ins];
                if (wi[i] && counts != null) {
                    countUnit(counts, w, w.inserts().get(i), 0);
                }
            }
            boolean[] wr = new boolean[w.staleNew().size()];
            for (int i = 0; i < wr.length; i++, rep++) {
                wr[i] = replaced[rep];
                StoredAssignment fresh = w.staleNew().get(i);
                StoredAssignment old = w.staleOld().get(i);
                if (wr[i] && counts != null) {
                    if (fresh.newUnitAfter(old)) {
                        countUnit(counts, w, fresh, 0);
                    } else if (fresh.firstCrossoverAfter(old)) {
                        countUnit(counts, w, fresh, 1);
                    }
                }
            }
            results.add(new Written(wi, wr));
        }
        return results;
    }

    /** Adds a new unit (what 0) or a first crossover (what 1) to the counter of the row's unit stratum. */
    private static void countUnit(Map<CounterKey, long[]> counts, Write w, StoredAssignment a, int what) {
        counts.computeIfAbsent(new CounterKey(w.tenantId(), w.experimentId(), a.phase(), a.unitConfigVersion(),
                a.unitVariant(), LocalDate.ofInstant(a.assignedAt(), ZoneOffset.UTC)), k -> new long[2])[what]++;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static boolean[] inKeyOrder(List<Keyed> rows, List<Keyed> companions,
                                        java.util.function.BiFunction<List<Keyed>, List<Keyed>, boolean[]> write) {
        if (rows.isEmpty()) {
            return new boolean[0];
        }
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparing((Integer i) -> rows.get(i).tenantId())
                .thenComparing(i -> rows.get(i).experimentId())
                .thenComparing(i -> rows.get(i).assignment().customerId()));
        List<Keyed> sorted = new ArrayList<>(rows.size());
        List<Keyed> sortedCompanions = companions == null ? null : new ArrayList<>(rows.size());
        for (Integer i : order) {
            sorted.add(rows.get(i));
            if (sortedCompanions != null) {
                sortedCompanions.add(companions.get(i));
            }
        }
        boolean[] sortedResult = write.apply(sorted, sortedCompanions);
        boolean[] result = new boolean[rows.size()];
        for (int k = 0; k < order.length; k++) {
            result[order[k]] = sortedResult[k];
        }
        return result;
    }

    private static StoredAssignment map(ResultSet rs, int row) throws SQLException {
        return read(rs, 1);
    }

    /** The {@link #COLUMNS} of an assignment, from column {@code first} of the current row on. */
    static StoredAssignment read(ResultSet rs, int first) throws SQLException {
        int c = first;
        return new StoredAssignment(rs.getString(c), rs.getInt(c + 1), rs.getInt(c + 2), rs.getString(c + 3),
                rs.getString(c + 4), rs.getTimestamp(c + 5).toInstant(), rs.getTimestamp(c + 6).toInstant(),
                rs.getInt(c + 7), rs.getString(c + 8), rs.getBoolean(c + 9));
    }
}
