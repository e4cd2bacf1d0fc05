package dev.verdict.stats;

/** A Pearson chi-square statistic with its degrees of freedom and upper-tail p-value. */
public record ChiSquareResult(double chiSquare, int degreesOfFreedom, double pValue) {

    /** Whether the p-value is below {@link SampleRatio#MISMATCH_P}, i.e. the traffic split is off. */
    public boolean mismatch() {
        return pValue < SampleRatio.MISMATCH_P;
    }
}
