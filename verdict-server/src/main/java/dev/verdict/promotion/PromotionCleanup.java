package dev.verdict.promotion;

import dev.verdict.experiment.ExperimentDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Removes a deleted experiment's promotion records, in the deleting transaction. */
@Component
class PromotionCleanup {

    private final JdbcClient jdbc;

    PromotionCleanup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ExperimentDeleted deleted) {
        jdbc.sql("DELETE FROM promotions WHERE tenant_id = ? AND experiment_id = ?")
                .params(deleted.tenantId(), deleted.experimentId()).update();
    }
}
