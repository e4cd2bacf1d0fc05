package dev.verdict.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.PostgresTestConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Reads the live schema (every migration applied to a fresh embedded PostgreSQL) and checks the rules Citus puts on
 * distributed tables (docs/scaling.md): every table is distributed by {@code tenant_id}, a reference table, or a
 * coordinator-local table; every primary key and unique index of a distributed table includes {@code tenant_id};
 * foreign keys join distributed tables on {@code tenant_id} (co-located) or point at reference tables; a reference
 * table never points at a distributed one.
 */
class CitusSchemaRulesTest {

    static final String DISTRIBUTION_COLUMN = "tenant_id";
    /** Small tables every node needs (joined by every tenant's rows). */
    static final Set<String> REFERENCE = Set.of("tenants");
    /**
     * Tables that stay on the coordinator: the migration history, and the console's sessions (looked up by session
     * id before any tenant is known; small and written once per login or attribute change).
     */
    static final Set<String> LOCAL = Set.of("flyway_schema_history", "spring_session", "spring_session_attributes",
            "login_failures");

    private static PGSimpleDataSource database;

    @BeforeAll
    static void migrate() {
        database = new PGSimpleDataSource();
        database.setUrl(PostgresTestConfig.freshDatabase("verdict_citus_rules"));
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
    }

    @Test
    void theLiveSchemaMeetsCitusRulesForDistributionByTenant() throws SQLException {
        try (Connection c = database.getConnection()) {
            assertThat(violations(c, "public")).as("Citus rule violations in the schema").isEmpty();
        }
    }

    @Test
    void theCheckFindsEachKindOfViolation() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS citus_bad CASCADE");
            s.execute("CREATE SCHEMA citus_bad");
            s.execute("CREATE TABLE citus_bad.tenants (id VARCHAR(64) PRIMARY KEY)");
            s.execute("CREATE TABLE citus_bad.no_tenant (id INT PRIMARY KEY)");
            s.execute("CREATE TABLE citus_bad.parent (tenant_id VARCHAR(64), id INT, PRIMARY KEY (tenant_id, id), "
                    + "code INT, CONSTRAINT code_unique UNIQUE (code))");
            s.execute("CREATE TABLE citus_bad.child (tenant_id VARCHAR(64), id INT, parent_id INT, "
                    + "PRIMARY KEY (tenant_id, id))");
            s.execute("ALTER TABLE citus_bad.parent ADD CONSTRAINT parent_id_unique UNIQUE (id)");
            s.execute("ALTER TABLE citus_bad.child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) "
                    + "REFERENCES citus_bad.parent (id)");
            s.execute("ALTER TABLE citus_bad.tenants ADD COLUMN first_child INT");
            List<String> found = violations(c, "citus_bad");
            assertThat(found).anyMatch(v -> v.startsWith("no_tenant: no tenant_id column"))
                    .anyMatch(v -> v.contains("code_unique") && v.contains("without tenant_id"))
                    .anyMatch(v -> v.contains("child_parent_fk") && v.contains("not on tenant_id"));
        }
    }

    /** Every rule broken in {@code schema}, one line each. */
    static List<String> violations(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        Set<String> tables = new TreeSet<>();
        try (var ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        for (String table : tables) {
            if (REFERENCE.contains(table) || LOCAL.contains(table)) {
                continue;
            }
            if (columns(c, schema, table).stream().noneMatch(DISTRIBUTION_COLUMN::equals)) {
                out.add(table + ": no tenant_id column (neither distributed, reference nor local)");
            }
        }
        try (var ps = c.prepareStatement("SELECT t.relname, ix.relname, i.indkey::int2[] FROM pg_index i "
                + "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND i.indisunique")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (REFERENCE.contains(table) || LOCAL.contains(table)) {
                        continue;
                    }
                    List<String> cols = names(c, schema, table, (Short[]) rs.getArray(3).getArray());
                    if (!cols.contains(DISTRIBUTION_COLUMN)) {
                        out.add(table + ": unique index " + rs.getString(2) + " " + cols + " without tenant_id");
                    }
                }
            }
        }
        try (var ps = c.prepareStatement("SELECT con.conname, t.relname, r.relname, con.conkey, con.confkey "
                + "FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND con.contype = 'f'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String table = rs.getString(2);
                    String referenced = rs.getString(3);
                    if (REFERENCE.contains(table) && !REFERENCE.contains(referenced)) {
                        out.add(table + ": foreign key " + name + " from a reference table to " + referenced);
                        continue;
                    }
                    if (REFERENCE.contains(referenced) || LOCAL.contains(table)) {
                        continue;
                    }
                    List<String> from = names(c, schema, table, shorts(rs.getArray(4)));
                    List<String> to = names(c, schema, referenced, shorts(rs.getArray(5)));
                    int at = from.indexOf(DISTRIBUTION_COLUMN);
                    if (at < 0 || !DISTRIBUTION_COLUMN.equals(to.get(at))) {
                        out.add(table + ": foreign key " + name + " " + from + " -> " + referenced + to
                                + " is not on tenant_id (tables would not be co-located)");
                    }
                }
            }
        }
        return out;
    }

    private static Short[] shorts(Array array) throws SQLException {
        Object raw = array.getArray();
        if (raw instanceof Short[] s) {
            return s;
        }
        Integer[] ints = (Integer[]) raw;
        return Arrays.stream(ints).map(Integer::shortValue).toArray(Short[]::new);
    }

    private static List<String> columns(Connection c, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                + "AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> names(Connection c, String schema, String table, Short[] attnums)
            throws SQLException {
        List<String> out = new ArrayList<>();
        for (Short attnum : attnums) {
            try (var ps = c.prepareStatement("SELECT a.attname FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid "
                    + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ? "
                    + "AND a.attnum = ?")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                ps.setShort(3, attnum);
                try (ResultSet rs = ps.executeQuery()) {
                    out.add(rs.next() ? rs.getString(1) : "?");
                }
            }
        }
        return out;
    }
}
