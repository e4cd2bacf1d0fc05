package dev.verdict.stats;

/**
 * An always-valid one-sided comparison of a challenger with the champion from {@link SequentialTest#evaluate}.
 *
 * @param logLambda ln Λ⁺(0), the log mixture likelihood ratio against "uplift ≤ 0"; 0 when there is no evidence
 * @param pValue    min(1, k/Λ⁺(0)), Bonferroni over k challengers, or larger where Λ⁺ is lower somewhere below 0
 *                  (see {@link SequentialTest}); ≤ α exactly when {@code lower} ≥ 0
 * @param lower     always-valid lower bound of the uplift at level 1 − α/k; null when {@code reason} says why
 * @param upper     always-valid upper bound of the uplift at level 1 − α/k; null when {@code reason} says why
 * @param reason    null, {@link Reasons#EMPTY_ARM} (no bounds), or {@link Reasons#ZERO_VARIANCE} (no evidence
 *                  about 0 yet, bounds present)
 */
public record SequentialResult(double logLambda, double pValue, Double lower, Double upper, String reason) {
}
