package dev.verdict.results;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The running extremes of a phase's sequential evidence: per subject (a challenger's variant, or
 * {@link #SAMPLE_RATIO} for the sample-ratio test) the smallest always-valid p-value and the tightest always-valid
 * bounds seen at any look. Updates only ever tighten them (LEAST/GREATEST), so concurrent looks from several
 * instances cannot loosen what one of them recorded.
 */
@Repository
class SequentialEvidenceRepository {

    static final String SAMPLE_RATIO = "__srm__";

    /** Running extremes; a null bound means none has been recorded. */
    record Extremes(double pMin, Double lowerMax, Double upperMin) {

        /** These extremes tightened by one more look. */
        Extremes with(double p, Double lower, Double upper) {
            return new Extremes(Math.min(pMin, p), lower == null ? lowerMax
                    : lowerMax == null ? lower : Math.max(lowerMax, lower),
                    upper == null ? upperMin : upperMin == null ? upper : Math.min(upperMin, upper));
        }

        boolean tighterThan(Extremes other) {
            return other == null || pMin < other.pMin || !java.util.Objects.equals(lowerMax, other.lowerMax)
                    || !java.util.Objects.equals(upperMin, other.upperMin);
        }
    }

    private final JdbcClient jdbc;

    SequentialEvidenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Extremes> find(String tenantId, String experimentId, int phase) {
        Map<String, Extremes> out = new HashMap<>();
        jdbc.sql("SELECT subject, p_min, lower_max, upper_min FROM sequential_evidence WHERE tenant_id = ? "
                        + "AND experiment_id = ? AND phase = ?")
                .params(tenantId, experimentId, phase)
                .query(rs -> {
                    double lower = rs.getDouble(3);
                    Double lowerMax = rs.wasNull() ? null : lower;
                    double upper = rs.getDouble(4);
                    Double upperMin = rs.wasNull() ? null : upper;
                    out.put(rs.getString(1), new Extremes(rs.getDouble(2), lowerMax, upperMin));
                });
        return out;
    }

    /** Tightens the stored extremes of a subject by one look (creates them on the first). */
    void tighten(String tenantId, String experimentId, int phase, String subject, Extremes look, Instant now) {
        Timestamp at = Timestamp.from(now);
        Object[] update = {look.pMin(), look.lowerMax(), look.lowerMax(), look.upperMin(), look.upperMin(), at,
                tenantId, experimentId, phase, subject};
        String sql = "UPDATE sequential_evidence SET p_min = LEAST(p_min, ?), "
                + "lower_max = CASE WHEN CAST(? AS DOUBLE PRECISION) IS NULL THEN lower_max "
                + "ELSE GREATEST(COALESCE(lower_max, -2.0), ?) END, "
                + "upper_min = CASE WHEN CAST(? AS DOUBLE PRECISION) IS NULL THEN upper_min "
                + "ELSE LEAST(COALESCE(upper_min, 2.0), ?) END, updated_at = ? "
                + "WHERE tenant_id = ? AND experiment_id = ? AND phase = ? AND subject = ?";
        if (jdbc.sql(sql).params(update).update() == 1) {
            return;
        }
        int inserted = jdbc.sql("INSERT INTO sequential_evidence (tenant_id, experiment_id, phase, subject, p_min, "
                        + "lower_max, upper_min, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(tenantId, experimentId, phase, subject, look.pMin(), look.lowerMax(), look.upperMin(), at)
                .update();
        if (inserted == 0) {
            jdbc.sql(sql).params(update).update();
        }
    }
}
