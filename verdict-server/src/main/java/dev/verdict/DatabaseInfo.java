package dev.verdict;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Says at startup which database the service uses, and warns loudly when it is the embedded one. */
@Component
class DatabaseInfo implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DatabaseInfo.class);
    private final DataSource dataSource;

    DatabaseInfo(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String url = meta.getURL().replaceAll("password=[^&;]*", "password=***");
            log.info("Connected to {} {} at {}", meta.getDatabaseProductName(), meta.getDatabaseProductVersion(), url);
            if (meta.getDatabaseProductName().toLowerCase().contains("h2")) {
                log.warn("""

                        ****************************************************************************
                         RUNNING ON THE EMBEDDED H2 DATABASE ({}).
                         Fine for trying Verdict out; for production start with the 'postgres'
                         profile and DATABASE_URL, DATABASE_USERNAME, DATABASE_PASSWORD, API_KEY_PEPPER.
                        ****************************************************************************""", url);
            }
        }
    }
}
