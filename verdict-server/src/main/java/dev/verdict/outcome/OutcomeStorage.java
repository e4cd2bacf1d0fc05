package dev.verdict.outcome;

import dev.verdict.common.Database;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The one place that chooses the outcome store for the database in use. */
@Configuration(proxyBeanMethods = false)
class OutcomeStorage {

    @Bean
    OutcomeStore outcomeStore(Database database, JdbcClient jdbc, JdbcTemplate template,
                              TransactionTemplate transactions) {
        return database.isPostgres() ? new PostgresOutcomeStore(jdbc, template, transactions)
                : new PortableOutcomeStore(jdbc, template, transactions);
    }
}
