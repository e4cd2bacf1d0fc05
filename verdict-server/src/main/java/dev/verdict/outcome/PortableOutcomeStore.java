package dev.verdict.outcome;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.verdict.common.BatchCounts;
import dev.verdict.common.StripedCounters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.TreeMap;

/**
 * Outcomes in the SQL subset PostgreSQL and H2 share (ADR 001): a group commit is one transaction that reads the
 * customers' assignment rows, stores the outcomes, markers and counters. {@link PostgresOutcomeStore} does it in one
 * statement.
 */
class PortableOutcomeStore implements OutcomeStore {

    private static final String COLUMNS = "id, experiment_id, customer_id, outcome, outcome_value, occurred_at, "
            + "recorded_at, variant, model_id, phase, idempotency_key, request_hash";

    protected final JdbcClient jdbc;
    protected final JdbcTemplate template;
    private final TransactionTemplate transactions;

    PortableOutcomeStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
    }

    @Override
    public Optional<Stored> find(String tenantId, String experimentId, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outcomes WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND idempotency_key = ?")
                .params(tenantId, experimentId, idempotencyKey).query(PortableOutcomeStore::map).optional();
    }

    /**
     * Stores each (attributed) outcome unless its idempotency key exists; per row, whether this call stored it.
     * The step-by-step path for databases without {@link #insertAttributedCounted} (H2), inside a transaction.
     */
    private boolean[] insertIfAbsent(List<Pending> rows) {
        return BatchCounts.written(template.batchUpdate("INSERT INTO outcomes (tenant_id, experiment_id, "
                        + "idempotency_key, id, "
                        + "request_hash, customer_id, phase, variant, model_id, outcome, outcome_value, occurred_at, "
                        + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows.stream().map(p -> {
                    OutcomeView o = p.outcome();
                    return new Object[]{p.tenantId(), o.experimentId(), o.idempotencyKey(), o.id(), p.requestHash(),
                            o.customerId(), o.phase(), o.variant(), o.modelId(), o.outcome(), o.value(),
                            Timestamp.from(o.occurredAt()), Timestamp.from(o.recordedAt())};
                }).toList()));
    }

    /**
     * Per row, whether it is the customer's first outcome of its kind in the phase (H2 path, see above); the marker
     * names the variant of the customer's unit.
     */
    private boolean[] firstsOfKind(List<Pending> rows, List<String> unitVariants) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            OutcomeView o = rows.get(i).outcome();
            args.add(new Object[]{rows.get(i).tenantId(), o.experimentId(), o.phase(), o.outcome(), o.customerId(),
                    unitVariants.get(i)});
        }
        return BatchCounts.written(template.batchUpdate("INSERT INTO outcome_firsts (tenant_id, experiment_id, "
                + "phase, outcome, customer_id, variant) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", args));
    }

    /** Adds to the counters of (experiment, phase, unit stratum, outcome, UTC day), on a random slot. */
    private void count(String tenantId, String experimentId, int phase, int configVersion, String variant, String outcome,
               java.time.LocalDate day, long customers, long events, double value, double valueSquares) {
        int slot = StripedCounters.slot();
        java.sql.Date date = java.sql.Date.valueOf(day);
        StripedCounters.add(jdbc, "UPDATE outcome_counts SET customers = customers + ?, events = events + ?, "
                        + "value_sum = value_sum + ?, value_sum_sq = value_sum_sq + ? WHERE tenant_id = ? "
                        + "AND experiment_id = ? AND phase = ? AND config_version = ? AND variant = ? AND outcome = ? "
                        + "AND count_day = ? AND slot = ?",
                new Object[]{customers, events, value, valueSquares, tenantId, experimentId, phase, configVersion,
                        variant, outcome, date, slot},
                "INSERT INTO outcome_counts (tenant_id, experiment_id, phase, config_version, variant, outcome, "
                        + "count_day, slot, customers, events, value_sum, value_sum_sq) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[]{tenantId, experimentId, phase, configVersion, variant, outcome, date, slot, customers,
                        events, value, valueSquares});
    }

    /** Per stratum (configuration version, unit variant) of a phase: the outcome's counters summed. */
    @Override
    public List<OutcomeCount> counts(String tenantId, String experimentId, int phase, String outcome) {
        return jdbc.sql("SELECT config_version, variant, SUM(customers), SUM(events), SUM(value_sum), "
                        + "SUM(value_sum_sq) FROM outcome_counts WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND phase = ? AND outcome = ? GROUP BY config_version, variant ORDER BY config_version, variant")
                .params(tenantId, experimentId, phase, outcome)
                .query((rs, i) -> new OutcomeCount(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getDouble(5), rs.getDouble(6)))
                .list();
    }

    /** The same per UTC day, in day order. */
    @Override
    public List<DailyOutcomeCount> dailyCounts(String tenantId, String experimentId, int phase, String outcome) {
        return jdbc.sql("SELECT count_day, config_version, variant, SUM(customers), SUM(events), SUM(value_sum), "
                        + "SUM(value_sum_sq) FROM outcome_counts WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND phase = ? AND outcome = ? GROUP BY count_day, config_version, variant "
                        + "ORDER BY count_day, config_version, variant")
                .params(tenantId, experimentId, phase, outcome)
                .query((rs, i) -> new DailyOutcomeCount(rs.getDate(1).toLocalDate(), new OutcomeCount(rs.getInt(2),
                        rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7))))
                .list();
    }

    private record CounterKey(String tenantId, String experimentId, int phase, int configVersion, String variant,
                              String outcome, LocalDate day) { }

    @Override
    public List<Written> write(List<Pending> unordered) {
        // Rows in key order, so concurrent writers (other instances) lock unique-index entries in the same order.
        List<Pending> jobs = new ArrayList<>(unordered);
        jobs.sort(Comparator.comparing(Pending::tenantId).thenComparing(p -> p.outcome().experimentId())
                .thenComparing(p -> p.outcome().idempotencyKey()));
        List<Written> written = writeSorted(jobs);
        IdentityHashMap<Pending, Written> byJob = new IdentityHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            byJob.put(jobs.get(i), written.get(i));
        }
        return unordered.stream().map(byJob::get).toList();
    }

    /** Writes jobs sorted by key; per job, what happened to it. */
    protected List<Written> writeSorted(List<Pending> jobs) {
        return transactions.execute(tx -> writeAll(jobs));
    }

    /** The steps of a group commit, inside one transaction. */
    private List<Written> writeAll(List<Pending> jobs) {
        Map<List<String>, Attribution> attributions = attributions(jobs);
        List<Written> written = new ArrayList<>(jobs.size());
        List<Pending> assigned = new ArrayList<>();
        List<Attribution> units = new ArrayList<>();
        for (Pending job : jobs) {
            Optional<Attribution> a = Optional.ofNullable(attributions.get(List.of(job.tenantId(),
                    job.outcome().experimentId(), job.outcome().customerId())));
            written.add(a.map(x -> new Written(Written.Result.STORED, x.phase(), x.variant(), x.modelId()))
                    .orElse(Written.UNASSIGNED));
            a.ifPresent(x -> {
                assigned.add(new Pending(job.tenantId(), job.outcome().attributed(x.phase(), x.variant(),
                        x.modelId()), job.requestHash()));
                units.add(x);
            });
        }
        boolean[] inserted = assigned.isEmpty() ? new boolean[0] : insertIfAbsent(assigned);
        List<Integer> stored = new ArrayList<>();
        for (int i = 0, k = 0; i < jobs.size(); i++) {
            if (written.get(i).result() == Written.Result.STORED) {
                if (inserted[k]) {
                    stored.add(k);
                } else {
                    written.set(i, Written.KEY_USED);
                }
                k++;
            }
        }
        stored.sort(Comparator.comparing((Integer k) -> assigned.get(k).tenantId())
                .thenComparing(k -> assigned.get(k).outcome().experimentId())
                .thenComparingInt(k -> assigned.get(k).outcome().phase())
                .thenComparing(k -> assigned.get(k).outcome().outcome())
                .thenComparing(k -> assigned.get(k).outcome().customerId()));
        boolean[] firsts = stored.isEmpty() ? new boolean[0] : firstsOfKind(
                stored.stream().map(assigned::get).toList(),
                stored.stream().map(k -> units.get(k).unitVariant()).toList());
        Map<CounterKey, double[]> counts = new TreeMap<>(Comparator.comparing(CounterKey::tenantId)
                .thenComparing(CounterKey::experimentId).thenComparingInt(CounterKey::phase)
                .thenComparingInt(CounterKey::configVersion).thenComparing(CounterKey::variant)
                .thenComparing(CounterKey::outcome).thenComparing(CounterKey::day));
        for (int i = 0; i < stored.size(); i++) {
            Pending p = assigned.get(stored.get(i));
            Attribution unit = units.get(stored.get(i));
            OutcomeView o = p.outcome();
            double value = o.value() == null ? 0.0 : o.value();
            double[] c = counts.computeIfAbsent(new CounterKey(p.tenantId(), o.experimentId(), o.phase(),
                    unit.unitConfigVersion(), unit.unitVariant(), o.outcome(),
                    LocalDate.ofInstant(o.recordedAt(), ZoneOffset.UTC)), k -> new double[4]);
            c[0] += firsts[i] ? 1 : 0;
            c[1] += 1;
            c[2] += value;
            c[3] += value * value;
        }
        counts.forEach((k, c) -> count(k.tenantId(), k.experimentId(), k.phase(), k.configVersion(),
                k.variant(), k.outcome(), k.day(), (long) c[0], (long) c[1], c[2], c[3]));
        return written;
    }


    /** A customer's assignment as an outcome is attributed to it: the serving variant and the unit's stratum. */
    private record Attribution(int phase, String variant, String modelId, int unitConfigVersion,
                               String unitVariant) { }

    /** The assignment rows of the jobs' customers, read in the writing transaction, by (tenant, experiment, customer). */
    private Map<List<String>, Attribution> attributions(List<Pending> jobs) {
        Map<List<String>, List<String>> byExperiment = new java.util.LinkedHashMap<>();
        for (Pending p : jobs) {
            byExperiment.computeIfAbsent(List.of(p.tenantId(), p.outcome().experimentId()), k -> new ArrayList<>())
                    .add(p.outcome().customerId());
        }
        Map<List<String>, Attribution> out = new HashMap<>();
        byExperiment.forEach((key, customers) -> {
            List<Object> params = new ArrayList<>(key);
            params.addAll(customers);
            String marks = String.join(",", java.util.Collections.nCopies(customers.size(), "?"));
            jdbc.sql("SELECT customer_id, phase, variant, model_id, unit_config_version, unit_variant FROM assignments "
                            + "WHERE tenant_id = ? AND experiment_id = ? AND customer_id IN (" + marks + ")")
                    .params(params)
                    .query(rs -> {
                        out.put(List.of(key.get(0), key.get(1), rs.getString(1)), new Attribution(rs.getInt(2),
                                rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
                    });
        });
        return out;
    }

    private static Stored map(ResultSet rs, int row) throws SQLException {
        double value = rs.getDouble("outcome_value");
        Double boxed = rs.wasNull() ? null : value;
        return new Stored(new OutcomeView(rs.getString("id"), rs.getString("experiment_id"),
                rs.getString("customer_id"), rs.getString("outcome"), boxed,
                rs.getTimestamp("occurred_at").toInstant(), rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("variant"), rs.getString("model_id"), rs.getInt("phase"),
                rs.getString("idempotency_key")), rs.getString("request_hash"));
    }
}
