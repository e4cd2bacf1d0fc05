package dev.verdict.model;

import dev.verdict.web.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ModelRepository {

    private static final String COLUMNS = "tenant_id, id, model_key, name, description, model_type, status, version, "
            + "config_json, metrics_json, training_samples, last_trained_at, created_at, updated_at";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ModelRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(AlgorithmModel m) {
        jdbc.sql("INSERT INTO algorithm_models (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.tenantId(), m.id(), m.key(), m.name(), m.description(), m.modelType().wire(),
                        m.status().wire(), m.version(), toJson(m.config()), toJson(m.metrics()),
                        m.trainingSamples(), ts(m.lastTrainedAt()), ts(m.createdAt()), ts(m.updatedAt()))
                .update();
    }

    boolean update(AlgorithmModel m) {
        return jdbc.sql("UPDATE algorithm_models SET model_key = ?, name = ?, description = ?, model_type = ?, "
                        + "status = ?, version = ?, config_json = ?, metrics_json = ?, training_samples = ?, "
                        + "last_trained_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")
                .params(m.key(), m.name(), m.description(), m.modelType().wire(), m.status().wire(), m.version(),
                        toJson(m.config()), toJson(m.metrics()), m.trainingSamples(), ts(m.lastTrainedAt()),
                        ts(m.updatedAt()), m.tenantId(), m.id())
                .update() == 1;
    }

    Optional<AlgorithmModel> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM algorithm_models WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id).query(this::map).optional();
    }

    /** Locks the row for the rest of the transaction (concurrent updates of one model apply one after another). */
    Optional<AlgorithmModel> findForUpdate(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM algorithm_models WHERE tenant_id = ? AND id = ? FOR UPDATE")
                .params(tenantId, id).query(this::map).optional();
    }

    List<AlgorithmModel> findAll(String tenantId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(ids);
        return jdbc.sql("SELECT " + COLUMNS + " FROM algorithm_models WHERE tenant_id = ? AND id IN (" + marks + ")")
                .params(params).query(this::map).list();
    }

    List<AlgorithmModel> page(String tenantId, String status, String modelType, Keyset after, int fetch) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM algorithm_models WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        filters(sql, params, status, modelType);
        if (after != null) {
            Timestamp at = Timestamp.from(after.createdAt());
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.addAll(List.of(at, at, after.id()));
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(fetch);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    long count(String tenantId, String status, String modelType) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM algorithm_models WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        filters(sql, params, status, modelType);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    boolean referencedByExperiment(String tenantId, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM experiments WHERE tenant_id = ? AND champion_model_id = ?")
                .params(tenantId, id).query(Long.class).single() > 0
                || jdbc.sql("SELECT COUNT(*) FROM experiment_challengers WHERE tenant_id = ? AND model_id = ?")
                .params(tenantId, id).query(Long.class).single() > 0;
    }

    boolean delete(String tenantId, String id) {
        return jdbc.sql("DELETE FROM algorithm_models WHERE tenant_id = ? AND id = ?").params(tenantId, id)
                .update() == 1;
    }

    private static void filters(StringBuilder sql, List<Object> params, String status, String modelType) {
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (modelType != null) {
            sql.append(" AND model_type = ?");
            params.add(modelType);
        }
    }

    private String toJson(Map<String, Object> map) {
        return map == null ? null : json.writeValueAsString(map);
    }

    private static Timestamp ts(java.time.Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private AlgorithmModel map(ResultSet rs, int row) throws SQLException {
        String config = rs.getString("config_json");
        String metrics = rs.getString("metrics_json");
        Timestamp trained = rs.getTimestamp("last_trained_at");
        long samples = rs.getLong("training_samples");
        Long trainingSamples = rs.wasNull() ? null : samples;
        return new AlgorithmModel(rs.getString("tenant_id"), rs.getString("id"), rs.getString("model_key"),
                rs.getString("name"), rs.getString("description"),
                ModelType.parse("modelType", rs.getString("model_type")),
                ModelStatus.parse("status", rs.getString("status")), rs.getInt("version"),
                config == null ? null : json.readValue(config, MAP),
                metrics == null ? null : json.readValue(metrics, MAP),
                trainingSamples, trained == null ? null : trained.toInstant(),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
