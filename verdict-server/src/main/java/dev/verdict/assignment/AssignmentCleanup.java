package dev.verdict.assignment;

import dev.verdict.experiment.ExperimentDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Removes a deleted experiment's assignments and unit counters, in the deleting transaction. */
@Component
class AssignmentCleanup {

    private final JdbcClient jdbc;
    private final AssignmentService assignments;

    AssignmentCleanup(JdbcClient jdbc, AssignmentService assignments) {
        this.jdbc = jdbc;
        this.assignments = assignments;
    }

    @EventListener
    void on(ExperimentDeleted deleted) {
        for (String table : new String[] {"assignment_counts", "assignments"}) {
            jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = ? AND experiment_id = ?")
                    .params(deleted.tenantId(), deleted.experimentId()).update();
        }
        assignments.forget(deleted.tenantId(), deleted.experimentId());
    }
}
