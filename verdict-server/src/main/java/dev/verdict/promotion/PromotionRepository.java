package dev.verdict.promotion;

import dev.verdict.web.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class PromotionRepository {

    private static final String COLUMNS = "id, experiment_id, ended_phase, from_model_id, to_model_id, trigger_kind, "
            + "actor, reason, promoted_at, evidence_json";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PromotionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(String tenantId, PromotionRecord p) {
        jdbc.sql("INSERT INTO promotions (tenant_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(tenantId, p.id(), p.experimentId(), p.endedPhase(), p.fromModelId(), p.toModelId(),
                        p.trigger(), p.actor(), p.reason(), Timestamp.from(p.promotedAt()),
                        p.evidence() == null ? null : json.writeValueAsString(p.evidence()))
                .update();
    }

    List<PromotionRecord> page(String tenantId, String experimentId, Keyset after, int fetch) {
        if (after == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM promotions WHERE tenant_id = ? AND experiment_id = ? "
                            + "ORDER BY promoted_at DESC, id DESC LIMIT ?")
                    .params(tenantId, experimentId, fetch).query(this::map).list();
        }
        Timestamp at = Timestamp.from(after.createdAt());
        return jdbc.sql("SELECT " + COLUMNS + " FROM promotions WHERE tenant_id = ? AND experiment_id = ? "
                        + "AND (promoted_at < ? OR (promoted_at = ? AND id < ?)) "
                        + "ORDER BY promoted_at DESC, id DESC LIMIT ?")
                .params(tenantId, experimentId, at, at, after.id(), fetch).query(this::map).list();
    }

    long count(String tenantId, String experimentId) {
        return jdbc.sql("SELECT COUNT(*) FROM promotions WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenantId, experimentId).query(Long.class).single();
    }

    private PromotionRecord map(ResultSet rs, int row) throws SQLException {
        String evidence = rs.getString("evidence_json");
        return new PromotionRecord(rs.getString("id"), rs.getString("experiment_id"), rs.getInt("ended_phase"),
                rs.getString("from_model_id"), rs.getString("to_model_id"), rs.getString("trigger_kind"),
                rs.getString("actor"), rs.getString("reason"), rs.getTimestamp("promoted_at").toInstant(),
                evidence == null ? null : json.readTree(evidence));
    }
}
