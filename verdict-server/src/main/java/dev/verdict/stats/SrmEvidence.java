package dev.verdict.stats;

/**
 * Anytime-valid evidence of a sample-ratio mismatch from {@link SequentialSampleRatio}.
 *
 * @param logBayesFactor ln BF of "some other split" against the configured one; 0 without traffic,
 *                       {@link SequentialSampleRatio#IMPOSSIBLE_LOG_BAYES_FACTOR} when an arm with share 0 got some
 * @param pValue         min(1, 1/BF), valid however often it is looked at
 */
public record SrmEvidence(double logBayesFactor, double pValue) {

    /** Whether the p-value is below {@link SampleRatio#MISMATCH_P}, i.e. the traffic split is off. */
    public boolean mismatch() {
        return pValue < SampleRatio.MISMATCH_P;
    }
}
