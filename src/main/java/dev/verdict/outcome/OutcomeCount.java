package dev.verdict.outcome;

/** Per variant: customers with at least one such outcome, outcomes recorded, and the sum of their values. */
public record OutcomeCount(String variant, long customers, long events, double valueSum) { }
