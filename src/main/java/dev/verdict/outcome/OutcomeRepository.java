package dev.verdict.outcome;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import dev.verdict.common.BatchCounts;
import dev.verdict.common.Database;
import dev.verdict.common.StripedCounters;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OutcomeRepository {

    /** A stored outcome with the hash of the request that created it. */
    record Stored(OutcomeView view, String requestHash) { }

    private static final String COLUMNS = "id, experiment_id, customer_id, outcome, outcome_value, occurred_at, "
            + "recorded_at, variant, model_id, phase, idempotency_key, request_hash";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final boolean postgres;

    OutcomeRepository(JdbcClient jdbc, JdbcTemplate template, Database database) {
        this.jdbc = jdbc;
        this.template = template;
        this.postgres = database.isPostgres();
    }

    Optional<Stored> find(String tenantId, String experimentId, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outcomes WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND idempotency_key = ?")
                .params(tenantId, experimentId, idempotencyKey).query(OutcomeRepository::map).optional();
    }

    /** An outcome to store, with its tenant and the hash of the request that asked for it. */
    record Pending(String tenantId, OutcomeView outcome, String requestHash) { }

    /** What a write did with one outcome; for a stored one, the assignment it was attributed to. */
    record Written(Result result, int phase, String variant, String modelId) {

        enum Result { STORED, KEY_USED, UNASSIGNED }

        static final Written KEY_USED = new Written(Result.KEY_USED, 0, null, null);
        static final Written UNASSIGNED = new Written(Result.UNASSIGNED, 0, null, null);
    }

    /**
     * Whether {@link #insertAttributedCounted} is available: on PostgreSQL one statement reads the customers'
     * assignments, stores the outcomes, their first-of-kind markers and the counters, so a group commit is one round
     * trip that commits on its own.
     */
    boolean attributesInInsert() {
        return postgres;
    }

    /**
     * PostgreSQL, in one statement (data-modifying CTEs): attributes each outcome to its customer's assignment
     * (a join), stores those whose idempotency key is new (the first of a repeated key wins), marks the first
     * outcome of each kind per customer and phase, and adds the stored ones to the counters on {@code slot}
     * (customers: firsts of their kind; events; value sum). Run outside a transaction, it is atomic and committed
     * when it returns. Rows of each table are written in key order (see ADR 006). Per row, what happened to it.
     */
    List<Written> insertAttributedCounted(List<Pending> rows, int slot) {
        if (!postgres) {
            throw new IllegalStateException("insertAttributedCounted needs PostgreSQL");
        }
        String sql = "WITH input AS (SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
                + "?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::timestamptz[], ?::timestamptz[]) "
                + "WITH ORDINALITY AS t(tenant_id, experiment_id, idempotency_key, id, request_hash, customer_id, "
                + "outcome, outcome_value, occurred_at, recorded_at, ord)), "
                + "attributed AS (SELECT i.*, a.phase, a.variant, a.model_id, a.unit_config_version, "
                + "a.unit_variant FROM input i LEFT JOIN assignments a "
                + "ON a.tenant_id = i.tenant_id AND a.experiment_id = i.experiment_id "
                + "AND a.customer_id = i.customer_id), "
                + "ins AS (INSERT INTO outcomes (tenant_id, experiment_id, idempotency_key, id, request_hash, "
                + "customer_id, phase, variant, model_id, outcome, outcome_value, occurred_at, recorded_at) "
                + "SELECT tenant_id, experiment_id, idempotency_key, id, request_hash, customer_id, phase, variant, "
                + "model_id, outcome, outcome_value, occurred_at, recorded_at FROM attributed "
                + "WHERE variant IS NOT NULL ORDER BY ord ON CONFLICT DO NOTHING "
                + "RETURNING tenant_id, experiment_id, idempotency_key, customer_id, phase, variant, model_id, "
                + "outcome, outcome_value, recorded_at), "
                + "units AS (SELECT ins.*, a.unit_config_version, a.unit_variant, "
                + "(ins.recorded_at AT TIME ZONE 'UTC')::date AS day FROM ins JOIN assignments a "
                + "ON a.tenant_id = ins.tenant_id AND a.experiment_id = ins.experiment_id "
                + "AND a.customer_id = ins.customer_id), "
                + "firsts AS (INSERT INTO outcome_firsts (tenant_id, experiment_id, phase, outcome, customer_id, "
                + "variant) SELECT DISTINCT ON (tenant_id, experiment_id, phase, outcome, customer_id) tenant_id, "
                + "experiment_id, phase, outcome, customer_id, unit_variant FROM units "
                + "ORDER BY tenant_id, experiment_id, phase, outcome, customer_id ON CONFLICT DO NOTHING "
                + "RETURNING tenant_id, experiment_id, phase, outcome, customer_id), "
                + "counted AS (INSERT INTO outcome_counts (tenant_id, experiment_id, phase, config_version, variant, "
                + "outcome, count_day, slot, customers, events, value_sum, value_sum_sq) SELECT tenant_id, "
                + "experiment_id, phase, config_version, variant, outcome, day, ?::int, SUM(customers), SUM(events), "
                + "SUM(value_sum), SUM(value_sum_sq) FROM ("
                + "SELECT tenant_id, experiment_id, phase, unit_config_version AS config_version, "
                + "unit_variant AS variant, outcome, day, 0 AS customers, 1 AS events, "
                + "COALESCE(outcome_value, 0) AS value_sum, COALESCE(outcome_value, 0) * COALESCE(outcome_value, 0) "
                + "AS value_sum_sq FROM units UNION ALL "
                + "SELECT DISTINCT ON (u.tenant_id, u.experiment_id, u.phase, u.outcome, u.customer_id) u.tenant_id, "
                + "u.experiment_id, u.phase, u.unit_config_version, u.unit_variant, u.outcome, u.day, 1, 0, 0, 0 "
                + "FROM firsts f JOIN units u ON u.tenant_id = f.tenant_id AND u.experiment_id = f.experiment_id "
                + "AND u.phase = f.phase AND u.outcome = f.outcome AND u.customer_id = f.customer_id"
                + ") AS added "
                + "GROUP BY tenant_id, experiment_id, phase, config_version, variant, outcome, day "
                + "ORDER BY tenant_id, experiment_id, phase, config_version, variant, outcome, day "
                + "ON CONFLICT (tenant_id, experiment_id, phase, config_version, variant, outcome, count_day, slot) "
                + "DO UPDATE SET customers = outcome_counts.customers + EXCLUDED.customers, "
                + "events = outcome_counts.events + EXCLUDED.events, "
                + "value_sum = outcome_counts.value_sum + EXCLUDED.value_sum, "
                + "value_sum_sq = outcome_counts.value_sum_sq + EXCLUDED.value_sum_sq) "
                + "SELECT tenant_id, experiment_id, idempotency_key, customer_id, phase, variant, model_id FROM ins "
                + "UNION ALL SELECT tenant_id, experiment_id, idempotency_key, customer_id, NULL, NULL, NULL "
                + "FROM attributed WHERE variant IS NULL";
        record Key(String tenantId, String experimentId, String idempotencyKey) { }
        record Unassigned(Key key, String customerId) { }
        Map<Key, Written> stored = new HashMap<>();
        Set<Unassigned> unassigned = new HashSet<>();
        template.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Column column : INPUT_COLUMNS) {
                    ps.setArray(i++, c.createArrayOf(column.type(), rows.stream().map(column.value()).toArray()));
                }
                ps.setInt(i, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Key key = new Key(rs.getString(1), rs.getString(2), rs.getString(3));
                        String variant = rs.getString(6);
                        if (variant == null) {
                            unassigned.add(new Unassigned(key, rs.getString(4)));
                        } else {
                            stored.put(key, new Written(Written.Result.STORED, rs.getInt(5), variant,
                                    rs.getString(7)));
                        }
                    }
                }
            }
            return null;
        });
        List<Written> out = new ArrayList<>(rows.size());
        for (Pending p : rows) {
            Key key = new Key(p.tenantId(), p.outcome().experimentId(), p.outcome().idempotencyKey());
            if (unassigned.contains(new Unassigned(key, p.outcome().customerId()))) {
                out.add(Written.UNASSIGNED);
            } else {
                // remove: of a key repeated in the batch, the first row with an assignment was stored
                Written w = stored.remove(key);
                out.add(w != null ? w : Written.KEY_USED);
            }
        }
        return out;
    }

    /** The input arrays of {@link #insertAttributedCounted}, in order. */
    private static final List<Column> INPUT_COLUMNS = List.of(col("varchar", p -> p.tenantId()),
            col("varchar", p -> p.outcome().experimentId()), col("varchar", p -> p.outcome().idempotencyKey()),
            col("varchar", p -> p.outcome().id()), col("varchar", Pending::requestHash),
            col("varchar", p -> p.outcome().customerId()), col("varchar", p -> p.outcome().outcome()),
            col("float8", p -> p.outcome().value()),
            col("timestamptz", p -> Timestamp.from(p.outcome().occurredAt())),
            col("timestamptz", p -> Timestamp.from(p.outcome().recordedAt())));

    /**
     * Stores each (attributed) outcome unless its idempotency key exists; per row, whether this call stored it.
     * The step-by-step path for databases without {@link #insertAttributedCounted} (H2), inside a transaction.
     */
    boolean[] insertIfAbsent(List<Pending> rows) {
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
    boolean[] firstsOfKind(List<Pending> rows, List<String> unitVariants) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            OutcomeView o = rows.get(i).outcome();
            args.add(new Object[]{rows.get(i).tenantId(), o.experimentId(), o.phase(), o.outcome(), o.customerId(),
                    unitVariants.get(i)});
        }
        return BatchCounts.written(template.batchUpdate("INSERT INTO outcome_firsts (tenant_id, experiment_id, "
                + "phase, outcome, customer_id, variant) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", args));
    }

    /** A column of a multi-row insert: its PostgreSQL array type and how to read it from a row. */
    private record Column(String type, java.util.function.Function<Pending, Object> value) { }

    private static Column col(String type, java.util.function.Function<Pending, Object> value) {
        return new Column(type, value);
    }

    /** Adds to the counters of (experiment, phase, unit stratum, outcome, UTC day), on a random slot. */
    void count(String tenantId, String experimentId, int phase, int configVersion, String variant, String outcome,
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
    List<OutcomeCount> counts(String tenantId, String experimentId, int phase, String outcome) {
        return jdbc.sql("SELECT config_version, variant, SUM(customers), SUM(events), SUM(value_sum), "
                        + "SUM(value_sum_sq) FROM outcome_counts WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND phase = ? AND outcome = ? GROUP BY config_version, variant ORDER BY config_version, variant")
                .params(tenantId, experimentId, phase, outcome)
                .query((rs, i) -> new OutcomeCount(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getDouble(5), rs.getDouble(6)))
                .list();
    }

    /** The same per UTC day, in day order. */
    List<DailyOutcomeCount> dailyCounts(String tenantId, String experimentId, int phase, String outcome) {
        return jdbc.sql("SELECT count_day, config_version, variant, SUM(customers), SUM(events), SUM(value_sum), "
                        + "SUM(value_sum_sq) FROM outcome_counts WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND phase = ? AND outcome = ? GROUP BY count_day, config_version, variant "
                        + "ORDER BY count_day, config_version, variant")
                .params(tenantId, experimentId, phase, outcome)
                .query((rs, i) -> new DailyOutcomeCount(rs.getDate(1).toLocalDate(), new OutcomeCount(rs.getInt(2),
                        rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7))))
                .list();
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
