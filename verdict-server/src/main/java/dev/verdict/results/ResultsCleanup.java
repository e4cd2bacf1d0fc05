package dev.verdict.results;

import dev.verdict.experiment.ExperimentDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Removes a deleted experiment's stored sequential evidence, in the deleting transaction. */
@Component
class ResultsCleanup {

    private final JdbcClient jdbc;

    ResultsCleanup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ExperimentDeleted deleted) {
        jdbc.sql("DELETE FROM sequential_evidence WHERE tenant_id = ? AND experiment_id = ?")
                .params(deleted.tenantId(), deleted.experimentId()).update();
    }
}
