package dev.verdict.console;

import dev.verdict.experiment.ExperimentView;
import dev.verdict.results.ExperimentResults;
import java.time.Duration;
import java.time.Instant;

/**
 * One line of the experiments list, read off the experiment and its /results document: nothing here is computed
 * beyond sums of counts and picking the challenger with the largest estimated uplift.
 */
record ExperimentRow(ExperimentView experiment, int arms, Long daysRunning, long customers,
                     ExperimentResults.Comparison leading, Double progress, String verdict) {

    static ExperimentRow of(ExperimentView e, ExperimentResults r, Instant now) {
        int arms = 1 + e.challengers().size() + (e.holdoutPercent().signum() > 0 ? 1 : 0);
        Long days = e.phaseStartedAt() == null ? null
                : Duration.between(e.phaseStartedAt(), now).toDays();
        long customers = r.variants() == null ? 0 : r.variants().stream()
                .mapToLong(ExperimentResults.VariantResult::samples).sum();
        ExperimentResults.Comparison leading = null;
        if (r.comparisons() != null) {
            for (ExperimentResults.Comparison c : r.comparisons()) {
                if (c.uplift() != null && (leading == null || c.uplift() > leading.uplift())) {
                    leading = c;
                }
            }
        }
        return new ExperimentRow(e, arms, days, customers, leading, leading == null ? null : leading.progress(),
                verdict(r));
    }

    static String verdict(ExperimentResults r) {
        ExperimentResults.PromotionBlock p = r.promotion();
        if (p == null) {
            return "no data";
        }
        if (p.promote()) {
            return "promote " + p.winnerVariant();
        }
        return p.verdicts() == null || p.verdicts().isEmpty() ? "no challenger"
                : "keep champion (" + p.verdicts().get(0).reason().name().toLowerCase().replace('_', ' ') + ")";
    }
}
