package dev.verdict.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/** Which database the service runs on, for the few statements that have a faster PostgreSQL-only form. */
@Component
public class Database {

    private final boolean postgres;

    public Database(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database product name", e);
        }
    }

    public boolean isPostgres() {
        return postgres;
    }
}
