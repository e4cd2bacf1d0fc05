package dev.verdict.experiment;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;

/**
 * When the scheduler may promote a challenger on its own: only with {@code autoPromote}, only after
 * {@code afterDays} days of the phase (0 to 3650), and only for an uplift of at least {@code threshold}
 * (greater than 0, at most 1, at most ten decimal places, kept without trailing zeros).
 */
public record PromotionRules(boolean autoPromote, BigDecimal threshold, int afterDays) {

    public static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("0.02");
    public static final int DEFAULT_AFTER_DAYS = 14;

    public PromotionRules {
        if (threshold == null || threshold.signum() <= 0 || threshold.compareTo(BigDecimal.ONE) > 0) {
            throw DomainException.validation("promoteThreshold", "must be greater than 0 and at most 1");
        }
        if (threshold.stripTrailingZeros().scale() > 10) {
            throw DomainException.validation("promoteThreshold", "must have at most 10 decimal places");
        }
        threshold = Percentages.normal(threshold);
        if (afterDays < 0 || afterDays > 3650) {
            throw DomainException.validation("promoteAfterDays", "must be an integer from 0 to 3650");
        }
    }

    /** Manual promotion only, with the default threshold and waiting time for when auto-promotion is turned on. */
    public static PromotionRules defaults() {
        return new PromotionRules(false, DEFAULT_THRESHOLD, DEFAULT_AFTER_DAYS);
    }
}
