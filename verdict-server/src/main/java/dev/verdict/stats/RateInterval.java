package dev.verdict.stats;

/** An observed conversion rate with its confidence interval; all numbers null when {@code reason} says why. */
public record RateInterval(Double rate, Double lower, Double upper, String reason) {

    static RateInterval unavailable(String reason) {
        return new RateInterval(null, null, null, reason);
    }
}
