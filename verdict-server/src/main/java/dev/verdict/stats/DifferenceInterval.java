package dev.verdict.stats;

/** Confidence interval for the difference of two rates, pT − pC; null bounds when {@code reason} says why. */
public record DifferenceInterval(Double lower, Double upper, String reason) {

    static DifferenceInterval unavailable(String reason) {
        return new DifferenceInterval(null, null, reason);
    }
}
