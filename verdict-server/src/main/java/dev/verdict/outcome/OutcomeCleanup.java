package dev.verdict.outcome;

import dev.verdict.experiment.ExperimentDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Removes a deleted experiment's outcomes, markers and counters, in the deleting transaction. */
@Component
class OutcomeCleanup {

    private final JdbcClient jdbc;

    OutcomeCleanup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ExperimentDeleted deleted) {
        for (String table : new String[] {"outcome_counts", "outcome_firsts", "outcomes"}) {
            jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = ? AND experiment_id = ?")
                    .params(deleted.tenantId(), deleted.experimentId()).update();
        }
    }
}
