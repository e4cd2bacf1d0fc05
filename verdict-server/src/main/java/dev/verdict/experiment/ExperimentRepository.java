package dev.verdict.experiment;

import dev.verdict.web.Keyset;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ExperimentRepository {

    /** The split of one configuration version, as stored for the sample-ratio check. */
    record ConfigVersion(int version, int phase, String layoutJson, Instant createdAt) { }

    private static final String COLUMNS = "tenant_id, id, experiment_key, name, description, status, "
            + "champion_model_id, champion_pct, holdout_pct, auto_promote, promote_threshold, promote_after_days, "
            + "results_json, phase, phase_started_at, config_version, started_at, revision, created_at, updated_at";

    private final JdbcClient jdbc;

    ExperimentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Experiment e) {
        jdbc.sql("INSERT INTO experiments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?)")
                .params(e.tenantId(), e.id(), e.key(), e.name(), e.description(), e.status().wire(),
                        e.championModelId(), e.championPct(), e.holdoutPct(), e.autoPromote(), e.promoteThreshold(),
                        e.promoteAfterDays(), e.resultsJson(), e.phase(), ts(e.phaseStartedAt()), e.configVersion(),
                        ts(e.startedAt()), e.revision(), ts(e.createdAt()), ts(e.updatedAt()))
                .update();
        insertChallengers(e);
    }

    void update(Experiment e) {
        jdbc.sql("UPDATE experiments SET experiment_key = ?, name = ?, description = ?, status = ?, "
                        + "champion_model_id = ?, champion_pct = ?, holdout_pct = ?, auto_promote = ?, "
                        + "promote_threshold = ?, promote_after_days = ?, results_json = ?, phase = ?, "
                        + "phase_started_at = ?, config_version = ?, started_at = ?, revision = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND id = ?")
                .params(e.key(), e.name(), e.description(), e.status().wire(), e.championModelId(), e.championPct(),
                        e.holdoutPct(), e.autoPromote(), e.promoteThreshold(), e.promoteAfterDays(), e.resultsJson(),
                        e.phase(), ts(e.phaseStartedAt()), e.configVersion(), ts(e.startedAt()), e.revision(),
                        ts(e.updatedAt()), e.tenantId(), e.id())
                .update();
        jdbc.sql("DELETE FROM experiment_challengers WHERE tenant_id = ? AND experiment_id = ?")
                .params(e.tenantId(), e.id()).update();
        insertChallengers(e);
    }

    private void insertChallengers(Experiment e) {
        for (int i = 0; i < e.challengers().size(); i++) {
            Challenger c = e.challengers().get(i);
            jdbc.sql("INSERT INTO experiment_challengers (tenant_id, experiment_id, position, model_id, traffic_pct) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .params(e.tenantId(), e.id(), i, c.modelId(), c.trafficPct()).update();
        }
    }

    void insertConfigVersion(String tenantId, String experimentId, int version, int phase, String layoutJson,
                             Instant at) {
        jdbc.sql("INSERT INTO experiment_config_versions (tenant_id, experiment_id, config_version, phase, "
                        + "layout_json, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(tenantId, experimentId, version, phase, layoutJson, ts(at)).update();
    }

    List<ConfigVersion> configVersions(String tenantId, String experimentId, int phase) {
        return jdbc.sql("SELECT config_version, phase, layout_json, created_at FROM experiment_config_versions "
                        + "WHERE tenant_id = ? AND experiment_id = ? AND phase = ? ORDER BY config_version")
                .params(tenantId, experimentId, phase)
                .query((rs, i) -> new ConfigVersion(rs.getInt(1), rs.getInt(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** The configuration versions of several experiments (all phases), by experiment, in version order. */
    Map<String, List<ConfigVersion>> configVersionsOf(String tenantId, List<String> experimentIds) {
        Map<String, List<ConfigVersion>> out = new LinkedHashMap<>();
        if (experimentIds.isEmpty()) {
            return out;
        }
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(experimentIds);
        jdbc.sql("SELECT experiment_id, config_version, phase, layout_json, created_at FROM experiment_config_versions "
                        + "WHERE tenant_id = ? AND experiment_id IN ("
                        + String.join(", ", Collections.nCopies(experimentIds.size(), "?"))
                        + ") ORDER BY experiment_id, config_version")
                .params(params)
                .query(rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ConfigVersion(rs.getInt(2),
                            rs.getInt(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
                });
        return out;
    }

    /** The tenant's active and paused experiments, oldest first. */
    List<Experiment> running(String tenantId) {
        return withChallengers(tenantId, jdbc.sql("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? "
                        + "AND status IN ('active', 'paused') ORDER BY created_at, id")
                .param(tenantId).query(ExperimentRepository::row).list());
    }

    Optional<Experiment> find(String tenantId, String id) {
        return one("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? AND id = ?", tenantId, id);
    }

    Optional<Experiment> findForUpdate(String tenantId, String id) {
        return one("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? AND id = ? FOR UPDATE", tenantId, id);
    }

    private Optional<Experiment> one(String sql, String tenantId, String id) {
        List<Row> rows = jdbc.sql(sql).params(tenantId, id).query(ExperimentRepository::row).list();
        return rows.isEmpty() ? Optional.empty() : Optional.of(withChallengers(tenantId, rows).get(0));
    }

    List<Experiment> page(String tenantId, String status, Keyset after, int fetch) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (after != null) {
            Timestamp at = Timestamp.from(after.createdAt());
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.addAll(List.of(at, at, after.id()));
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(fetch);
        return withChallengers(tenantId, jdbc.sql(sql.toString()).params(params).query(ExperimentRepository::row)
                .list());
    }

    long count(String tenantId, String status) {
        if (status == null) {
            return jdbc.sql("SELECT COUNT(*) FROM experiments WHERE tenant_id = ?").param(tenantId)
                    .query(Long.class).single();
        }
        return jdbc.sql("SELECT COUNT(*) FROM experiments WHERE tenant_id = ? AND status = ?")
                .params(tenantId, status).query(Long.class).single();
    }

    /** Active auto-promote experiments of every tenant, as (tenant, id) pairs, for the promotion job. */
    List<Map.Entry<String, String>> activeAutoPromote() {
        return jdbc.sql("SELECT tenant_id, id FROM experiments WHERE status = 'active' AND auto_promote = TRUE")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list();
    }

    /** Deletes the experiment (its challengers and configuration versions cascade). */
    boolean delete(String tenantId, String id) {
        return jdbc.sql("DELETE FROM experiments WHERE tenant_id = ? AND id = ?").params(tenantId, id).update() == 1;
    }

    private List<Experiment> withChallengers(String tenantId, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<Challenger>> byExperiment = new LinkedHashMap<>();
        rows.forEach(r -> byExperiment.put(r.id(), new ArrayList<>()));
        String marks = String.join(", ", Collections.nCopies(rows.size(), "?"));
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(byExperiment.keySet());
        jdbc.sql("SELECT experiment_id, model_id, traffic_pct FROM experiment_challengers WHERE tenant_id = ? "
                        + "AND experiment_id IN (" + marks + ") ORDER BY experiment_id, position")
                .params(params)
                .query(rs -> {
                    byExperiment.get(rs.getString(1)).add(new Challenger(rs.getString(2), rs.getBigDecimal(3)));
                });
        return rows.stream().map(r -> r.toExperiment(byExperiment.get(r.id()))).toList();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private record Row(String tenantId, String id, String key, String name, String description, String status,
                       String championModelId, BigDecimal championPct, BigDecimal holdoutPct, boolean autoPromote,
                       BigDecimal promoteThreshold, int promoteAfterDays, String resultsJson, int phase,
                       Instant phaseStartedAt, int configVersion, Instant startedAt, long revision, Instant createdAt,
                       Instant updatedAt) {

        Experiment toExperiment(List<Challenger> challengers) {
            return new Experiment(tenantId, id, key, name, description, ExperimentStatus.parse("status", status),
                    championModelId, new Split(championPct, challengers, holdoutPct),
                    new PromotionRules(autoPromote, promoteThreshold, promoteAfterDays), resultsJson,
                    new Phase(phase, phaseStartedAt, configVersion), startedAt, revision, createdAt, updatedAt);
        }
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getString("tenant_id"), rs.getString("id"), rs.getString("experiment_key"),
                rs.getString("name"), rs.getString("description"), rs.getString("status"),
                rs.getString("champion_model_id"), rs.getBigDecimal("champion_pct"), rs.getBigDecimal("holdout_pct"),
                rs.getBoolean("auto_promote"), rs.getBigDecimal("promote_threshold"),
                rs.getInt("promote_after_days"), rs.getString("results_json"), rs.getInt("phase"),
                instant(rs, "phase_started_at"), rs.getInt("config_version"), instant(rs, "started_at"),
                rs.getLong("revision"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
