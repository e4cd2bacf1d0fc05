package dev.verdict.outcome;

import dev.verdict.common.StripedCounters;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Outcomes on PostgreSQL: a group commit is one auto-committed statement (ADR 006). */
class PostgresOutcomeStore extends PortableOutcomeStore {

    PostgresOutcomeStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        super(jdbc, template, transactions);
    }

    @Override
    protected List<Written> writeSorted(List<Pending> jobs) {
        return insertAttributedCounted(jobs, StripedCounters.slot());
    }

    /**
     * PostgreSQL, in one statement (data-modifying CTEs): attributes each outcome to its customer's assignment
     * (a join), stores those whose idempotency key is new (the first of a repeated key wins), marks the first
     * outcome of each kind per customer and phase, and adds the stored ones to the counters on {@code slot}
     * (customers: firsts of their kind; events; value sum). Run outside a transaction, it is atomic and committed
     * when it returns. Rows of each table are written in key order (see ADR 006). Per row, what happened to it.
     */
    private List<Written> insertAttributedCounted(List<Pending> rows, int slot) {
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
                + "RETURNING tenant_id, experiment_id, idempotency_key, id, customer_id, phase, variant, model_id, "
                + "outcome, outcome_value, recorded_at), "
                // The stored rows' units come from the attribution already made (the same assignment row, read
                // once): an outcome's id is unique to its request, so it picks the one input row that was stored.
                + "units AS (SELECT ins.*, t.unit_config_version, t.unit_variant, "
                + "(ins.recorded_at AT TIME ZONE 'UTC')::date AS day FROM ins JOIN attributed t "
                + "ON t.tenant_id = ins.tenant_id AND t.experiment_id = ins.experiment_id "
                + "AND t.idempotency_key = ins.idempotency_key AND t.id = ins.id), "
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

    /** A column of a multi-row insert: its PostgreSQL array type and how to read it from a row. */
    private record Column(String type, java.util.function.Function<Pending, Object> value) { }

    private static Column col(String type, java.util.function.Function<Pending, Object> value) {
        return new Column(type, value);
    }
}
