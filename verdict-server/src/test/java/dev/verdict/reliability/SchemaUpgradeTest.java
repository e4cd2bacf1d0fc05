package dev.verdict.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.PostgresTestConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database filled by the first schema (V1) and the code of its time is upgraded to the current schema: nothing
 * acknowledged is lost, the current phase is recounted from the rows into units per (version, variant, day), and
 * ended phases keep their old counters in the pooled version 0. Runs on PostgreSQL and on H2 (the embedded default).
 */
class SchemaUpgradeTest {

    static Stream<Arguments> databases() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(PostgresTestConfig.freshDatabase("verdict_upgrade"));
        pg.setUser("postgres");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:upgrade" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return Stream.of(Arguments.of("PostgreSQL", pg), Arguments.of("H2", h2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void upgradingFromTheFirstSchemaCarriesEveryCountIntoUnitsPerVersionAndDay(String name, DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("1").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        fillAsVersionOneDid(jdbc);

        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

        // Every assignment row is its own unit in its current phase, and nothing was deleted.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM assignments WHERE unit_config_version = config_version "
                + "AND unit_variant = variant AND crossed_over = FALSE").query(Long.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outcomes").query(Long.class).single()).isEqualTo(5);

        // Phase 2 (current): recounted from the rows per (version, variant, day of first assignment). The old
        // counter said 3 champions in version 3 because one customer re-bucketed within the phase counted twice.
        assertThat(units(jdbc, 2)).isEqualTo(Map.of(
                "2/__champion__/2026-01-10", 1L,
                "2/chall/2026-01-10", 1L,
                "3/__champion__/2026-01-11", 1L,
                "3/chall/2026-01-12", 2L));
        // Phase 1 (ended): the old counters, pooled in version 0 on the day the phase started.
        assertThat(units(jdbc, 1)).isEqualTo(Map.of(
                "0/__champion__/2026-01-01", 5L,
                "0/chall/2026-01-01", 4L));

        // Outcomes of phase 2: converted customers on the day of their first outcome, events and values by day, in
        // the stratum of the customer's unit.
        assertThat(outcomes(jdbc, 2)).isEqualTo(Map.of(
                "3/chall/conversion/2026-01-12", "1/1/10.0/100.0",
                "3/chall/conversion/2026-01-13", "0/1/2.5/6.25",
                "2/__champion__/conversion/2026-01-11", "1/1/0.0/0.0"));
        // Outcomes of phase 1: the old counters in version 0, with the sum of squares recounted from the rows.
        assertThat(outcomes(jdbc, 1)).isEqualTo(Map.of(
                "0/chall/conversion/2026-01-01", "2/2/7.0/25.0"));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM sequential_evidence").query(Long.class).single()).isZero();
    }

    private static Map<String, Long> units(JdbcClient jdbc, int phase) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.sql("SELECT config_version, variant, count_day, SUM(customers), SUM(crossovers) FROM assignment_counts "
                        + "WHERE phase = ? GROUP BY config_version, variant, count_day")
                .param(phase)
                .query(rs -> {
                    assertThat(rs.getLong(5)).isZero();
                    out.put(rs.getInt(1) + "/" + rs.getString(2) + "/" + rs.getDate(3).toLocalDate(), rs.getLong(4));
                });
        return out;
    }

    private static Map<String, String> outcomes(JdbcClient jdbc, int phase) {
        Map<String, String> out = new TreeMap<>();
        jdbc.sql("SELECT config_version, variant, outcome, count_day, SUM(customers), SUM(events), SUM(value_sum), "
                        + "SUM(value_sum_sq) FROM outcome_counts WHERE phase = ? "
                        + "GROUP BY config_version, variant, outcome, count_day")
                .param(phase)
                .query(rs -> {
                    out.put(rs.getInt(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/"
                                    + rs.getDate(4).toLocalDate(),
                            rs.getLong(5) + "/" + rs.getLong(6) + "/" + rs.getDouble(7) + "/" + rs.getDouble(8));
                });
        return out;
    }

    /**
     * One experiment in phase 2 (configuration versions 2 and 3), promoted from phase 1 (version 1), with the rows
     * and counters the V1 code wrote, including its double count of a customer re-bucketed within phase 2.
     */
    private static void fillAsVersionOneDid(JdbcClient jdbc) {
        jdbc.sql("INSERT INTO tenants (id, name, created_at) VALUES ('t1', 'T', TIMESTAMP WITH TIME ZONE "
                + "'2026-01-01 00:00:00+00')").update();
        for (String m : new String[] {"m1", "m2"}) {
            jdbc.sql("INSERT INTO algorithm_models (tenant_id, id, model_key, name, model_type, status, version, "
                    + "created_at, updated_at) VALUES ('t1', ?, ?, ?, 'bayesian', 'active', 1, "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE "
                    + "'2026-01-01 00:00:00+00')").params(m, m.equals("m1") ? "champ" : "chall", m).update();
        }
        jdbc.sql("INSERT INTO experiments (tenant_id, id, experiment_key, name, status, champion_model_id, "
                + "champion_pct, holdout_pct, auto_promote, promote_threshold, promote_after_days, phase, "
                + "phase_started_at, config_version, started_at, revision, created_at, updated_at) VALUES ('t1', 'e1', "
                + "'k', 'E', 'active', 'm1', 50, 0, FALSE, 0.02, 14, 2, TIMESTAMP WITH TIME ZONE "
                + "'2026-01-10 00:00:00+00', 3, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', 3, "
                + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE "
                + "'2026-01-11 00:00:00+00')").update();
        String[][] versions = {{"1", "1", "2026-01-01"}, {"2", "2", "2026-01-10"}, {"3", "2", "2026-01-11"}};
        for (String[] v : versions) {
            jdbc.sql("INSERT INTO experiment_config_versions (tenant_id, experiment_id, config_version, phase, "
                            + "layout_json, created_at) VALUES ('t1', 'e1', ?, ?, '[]', CAST(? AS TIMESTAMP WITH TIME ZONE))")
                    .params(Integer.parseInt(v[0]), Integer.parseInt(v[1]), v[2] + " 08:00:00+00").update();
        }
        // customer, phase, version, variant, assigned on
        String[][] rows = {{"a", "2", "2", "__champion__", "2026-01-10"}, {"b", "2", "2", "chall", "2026-01-10"},
                {"c", "2", "3", "__champion__", "2026-01-11"}, {"d", "2", "3", "chall", "2026-01-12"},
                {"e", "2", "3", "chall", "2026-01-12"}, {"f", "1", "1", "chall", "2026-01-02"}};
        for (String[] r : rows) {
            jdbc.sql("INSERT INTO assignments (tenant_id, experiment_id, customer_id, phase, config_version, variant, "
                            + "model_id, assigned_at, expires_at) VALUES ('t1', 'e1', ?, ?, ?, ?, ?, "
                            + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE))")
                    .params(r[0], Integer.parseInt(r[1]), Integer.parseInt(r[2]), r[3],
                            r[3].equals("chall") ? "m2" : "m1", r[4] + " 12:00:00+00", "2026-03-01 00:00:00+00")
                    .update();
        }
        // V1 counters: phase 1 over two slots; phase 2 with customer c counted twice (re-bucketed in version 3).
        Object[][] counts = {{1, 1, "__champion__", 0, 3L}, {1, 1, "__champion__", 5, 2L}, {1, 1, "chall", 0, 4L},
                {2, 2, "__champion__", 0, 1L}, {2, 2, "chall", 0, 1L}, {2, 3, "__champion__", 0, 3L},
                {2, 3, "chall", 0, 2L}};
        for (Object[] c : counts) {
            jdbc.sql("INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, variant, slot, "
                    + "customers) VALUES ('t1', 'e1', ?, ?, ?, ?, ?)").params(c).update();
        }
        // outcomes: key, customer, phase, variant, value, recorded on
        Object[][] outcomes = {{"o1", "d", 2, "chall", 10.0, "2026-01-12"}, {"o2", "d", 2, "chall", 2.5, "2026-01-13"},
                {"o3", "a", 2, "__champion__", null, "2026-01-11"}, {"o4", "f", 1, "chall", 3.0, "2026-01-03"},
                {"o5", "g", 1, "chall", 4.0, "2026-01-04"}};
        for (Object[] o : outcomes) {
            jdbc.sql("INSERT INTO outcomes (tenant_id, experiment_id, idempotency_key, id, request_hash, customer_id, "
                            + "phase, variant, model_id, outcome, outcome_value, occurred_at, recorded_at) VALUES "
                            + "('t1', 'e1', ?, ?, 'h', ?, ?, ?, 'm', 'conversion', ?, CAST(? AS TIMESTAMP WITH TIME ZONE), "
                            + "CAST(? AS TIMESTAMP WITH TIME ZONE))")
                    .params(o[0], o[0], o[1], o[2], o[3], o[4], o[5] + " 09:00:00+00", o[5] + " 09:00:00+00")
                    .update();
        }
        Object[][] firsts = {{2, "d", "chall"}, {2, "a", "__champion__"}, {1, "f", "chall"}, {1, "g", "chall"}};
        for (Object[] f : firsts) {
            jdbc.sql("INSERT INTO outcome_firsts (tenant_id, experiment_id, phase, outcome, customer_id, variant) "
                    + "VALUES ('t1', 'e1', ?, 'conversion', ?, ?)").params(f).update();
        }
        Object[][] outcomeCounts = {{2, "chall", 1L, 2L, 12.5}, {2, "__champion__", 1L, 1L, 0.0},
                {1, "chall", 2L, 2L, 7.0}};
        for (Object[] c : outcomeCounts) {
            jdbc.sql("INSERT INTO outcome_counts (tenant_id, experiment_id, phase, variant, outcome, slot, customers, "
                    + "events, value_sum) VALUES ('t1', 'e1', ?, ?, 'conversion', 0, ?, ?, ?)").params(c).update();
        }
    }
}
