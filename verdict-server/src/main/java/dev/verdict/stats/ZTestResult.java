package dev.verdict.stats;

/** Pooled two-proportion z statistic with its two-sided p-value; null numbers when {@code reason} says why. */
public record ZTestResult(Double zScore, Double pValue, String reason) {

    static ZTestResult unavailable(String reason) {
        return new ZTestResult(null, null, reason);
    }
}
