package dev.verdict.stats;

/**
 * A stratified comparison of a challenger with the champion: the CMH-weighted difference pT − pC, the stratified
 * score statistic at 0 with its two-sided p-value, and the score interval; null numbers when {@code reason} says why
 * ({@link Reasons#ZERO_VARIANCE} comes with z = 0, p = 1 and an interval).
 */
public record StratifiedResult(Double difference, Double zScore, Double pValue, Double ciLower, Double ciUpper,
        String reason) {

    static StratifiedResult unavailable(String reason) {
        return new StratifiedResult(null, null, null, null, null, reason);
    }
}
