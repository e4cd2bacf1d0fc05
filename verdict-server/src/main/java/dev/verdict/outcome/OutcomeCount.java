package dev.verdict.outcome;

/**
 * One stratum's counters of an outcome: units of (configuration version, variant) with at least one such outcome,
 * outcomes recorded, and the sum and sum of squares of their values.
 */
public record OutcomeCount(int configVersion, String variant, long customers, long events, double valueSum,
                           double valueSumOfSquares) { }
