package dev.verdict.promotion;

/** Customers assigned to an arm and how many of them converted. */
public record ArmCounts(long samples, long conversions) {

    public ArmCounts {
        PolicyInput.requireCounts("arm", samples, conversions);
    }
}
