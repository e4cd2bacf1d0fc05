package dev.verdict.promotion;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the promotion check every {@code verdict.promotion.interval} (default 5 minutes). Safe with several
 * instances: each promotion is decided under the experiment's row lock and recorded once per phase.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("${verdict.promotion.enabled:true} and !${verdict.cli:false}")
class PromotionScheduler {

    private final PromotionService promotions;

    PromotionScheduler(PromotionService promotions) {
        this.promotions = promotions;
    }

    @Scheduled(fixedDelayString = "${verdict.promotion.interval:5m}", initialDelayString = "${verdict.promotion.interval:5m}")
    void run() {
        promotions.runAll();
    }
}
