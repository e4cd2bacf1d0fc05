package dev.verdict.outcome;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import dev.verdict.common.BatchCounts;
import dev.verdict.common.Database;
import dev.verdict.common.StripedCounters;
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

    /** Stores each outcome unless its idempotency key exists; per row, whether this call stored it. */
    boolean[] insertIfAbsent(List<Pending> rows) {
        if (postgres) {
            return multiRow("INSERT INTO outcomes (tenant_id, experiment_id, idempotency_key, id, request_hash, "
                    + "customer_id, phase, variant, model_id, outcome, outcome_value, occurred_at, recorded_at) "
                    + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
                    + "?::varchar[], ?::int[], ?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], "
                    + "?::timestamptz[], ?::timestamptz[]) ON CONFLICT DO NOTHING "
                    + "RETURNING tenant_id, experiment_id, idempotency_key", rows,
                    List.of(col("varchar", p -> p.tenantId()), col("varchar", p -> p.outcome().experimentId()),
                            col("varchar", p -> p.outcome().idempotencyKey()), col("varchar", p -> p.outcome().id()),
                            col("varchar", Pending::requestHash), col("varchar", p -> p.outcome().customerId()),
                            col("int4", p -> p.outcome().phase()), col("varchar", p -> p.outcome().variant()),
                            col("varchar", p -> p.outcome().modelId()), col("varchar", p -> p.outcome().outcome()),
                            col("float8", p -> p.outcome().value()),
                            col("timestamptz", p -> Timestamp.from(p.outcome().occurredAt())),
                            col("timestamptz", p -> Timestamp.from(p.outcome().recordedAt()))),
                    p -> List.of(p.tenantId(), p.outcome().experimentId(), p.outcome().idempotencyKey()));
        }
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

    /** Per row, whether it is the customer's first outcome of its kind in the phase. */
    boolean[] firstsOfKind(List<Pending> rows) {
        if (postgres) {
            return multiRow("INSERT INTO outcome_firsts (tenant_id, experiment_id, phase, outcome, customer_id, "
                    + "variant) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::int[], ?::varchar[], "
                    + "?::varchar[], ?::varchar[]) ON CONFLICT DO NOTHING "
                    + "RETURNING tenant_id, experiment_id, phase, outcome, customer_id", rows,
                    List.of(col("varchar", p -> p.tenantId()), col("varchar", p -> p.outcome().experimentId()),
                            col("int4", p -> p.outcome().phase()), col("varchar", p -> p.outcome().outcome()),
                            col("varchar", p -> p.outcome().customerId()), col("varchar", p -> p.outcome().variant())),
                    p -> List.of(p.tenantId(), p.outcome().experimentId(), p.outcome().phase(), p.outcome().outcome(),
                            p.outcome().customerId()));
        }
        return BatchCounts.written(template.batchUpdate("INSERT INTO outcome_firsts (tenant_id, experiment_id, "
                        + "phase, outcome, "
                        + "customer_id, variant) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows.stream().map(p -> {
                    OutcomeView o = p.outcome();
                    return new Object[]{p.tenantId(), o.experimentId(), o.phase(), o.outcome(), o.customerId(),
                            o.variant()};
                }).toList()));
    }

    /** A column of a multi-row insert: its PostgreSQL array type and how to read it from a row. */
    private record Column(String type, java.util.function.Function<Pending, Object> value) { }

    private static Column col(String type, java.util.function.Function<Pending, Object> value) {
        return new Column(type, value);
    }

    /**
     * PostgreSQL: one statement inserting all rows (arrays unnested in order) and returning the keys it inserted;
     * per row, whether it was inserted (the first of duplicate keys wins, as in a batch).
     */
    private boolean[] multiRow(String sql, List<Pending> rows, List<Column> columns,
                               java.util.function.Function<Pending, List<Object>> key) {
        java.util.Set<List<Object>> inserted = template.execute(
                (org.springframework.jdbc.core.ConnectionCallback<java.util.Set<List<Object>>>) c -> {
                    try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                        for (int i = 0; i < columns.size(); i++) {
                            Column column = columns.get(i);
                            ps.setArray(i + 1, c.createArrayOf(column.type(),
                                    rows.stream().map(column.value()).toArray()));
                        }
                        java.util.Set<List<Object>> keys = new java.util.HashSet<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            int width = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                List<Object> k = new java.util.ArrayList<>(width);
                                for (int i = 1; i <= width; i++) {
                                    Object v = rs.getObject(i);
                                    k.add(v instanceof Number n ? n.intValue() : v);
                                }
                                keys.add(k);
                            }
                        }
                        return keys;
                    }
                });
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = inserted.remove(key.apply(rows.get(i)));
        }
        return out;
    }


    /** Adds to the counters of (experiment, phase, variant, outcome), on a random slot. */
    void count(String tenantId, String experimentId, int phase, String variant, String outcome, long customers,
               long events, double value) {
        int slot = StripedCounters.slot();
        StripedCounters.add(jdbc, "UPDATE outcome_counts SET customers = customers + ?, events = events + ?, "
                        + "value_sum = value_sum + ? WHERE tenant_id = ? AND experiment_id = ? AND phase = ? "
                        + "AND variant = ? AND outcome = ? AND slot = ?",
                new Object[]{customers, events, value, tenantId, experimentId, phase, variant, outcome, slot},
                "INSERT INTO outcome_counts (tenant_id, experiment_id, phase, variant, outcome, slot, customers, "
                        + "events, value_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[]{tenantId, experimentId, phase, variant, outcome, slot, customers, events, value});
    }

    List<OutcomeCount> counts(String tenantId, String experimentId, int phase, String outcome) {
        return jdbc.sql("SELECT variant, SUM(customers), SUM(events), SUM(value_sum) FROM outcome_counts "
                        + "WHERE tenant_id = ? AND experiment_id = ? AND phase = ? AND outcome = ? GROUP BY variant "
                        + "ORDER BY variant")
                .params(tenantId, experimentId, phase, outcome)
                .query((rs, i) -> new OutcomeCount(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)))
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
