package dev.verdict.assignment;

/**
 * Units of a phase in one stratum: customers whose first assignment in the phase was to {@code variant} under
 * configuration version {@code configVersion}, and how many of them were later served another variant.
 */
public record UnitCount(int configVersion, String variant, long customers, long crossovers) { }
