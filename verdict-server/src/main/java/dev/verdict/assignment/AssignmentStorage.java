package dev.verdict.assignment;

import dev.verdict.common.Database;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The one place that chooses the assignment store for the database in use. */
@Configuration(proxyBeanMethods = false)
class AssignmentStorage {

    @Bean
    AssignmentStore assignmentStore(Database database, JdbcClient jdbc, JdbcTemplate template,
                                    TransactionTemplate transactions, Clock clock) {
        return database.isPostgres() ? new PostgresAssignmentStore(jdbc, template, transactions, clock)
                : new PortableAssignmentStore(jdbc, template, transactions, clock);
    }
}
