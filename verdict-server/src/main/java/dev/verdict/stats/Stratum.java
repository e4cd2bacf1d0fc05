package dev.verdict.stats;

/**
 * One configuration version's counts of a challenger (treatment) against the champion (control); a stratum of a
 * {@link StratifiedComparison} or {@link SequentialTest}.
 */
public record Stratum(long treatmentSamples, long treatmentConversions, long controlSamples,
        long controlConversions) {

    public Stratum {
        if (Reasons.invalidCounts(treatmentSamples, treatmentConversions)
                || Reasons.invalidCounts(controlSamples, controlConversions)) {
            throw new IllegalArgumentException("a stratum needs 0 <= conversions <= samples in both arms, got "
                    + treatmentConversions + " of " + treatmentSamples + " against " + controlConversions + " of "
                    + controlSamples);
        }
    }

    /** Whether both arms have samples; a stratum with an empty arm carries no weight. */
    boolean usable() {
        return treatmentSamples > 0 && controlSamples > 0;
    }

    /** The Cochran–Mantel–Haenszel weight nT·nC/(nT + nC); 0 for an empty arm. */
    double weight() {
        if (!usable()) {
            return 0.0;
        }
        return (double) treatmentSamples / ((double) treatmentSamples + (double) controlSamples)
                * (double) controlSamples;
    }

    /** w·(pT − pC) = (xT·nC − xC·nT)/(nT + nC), with the cross difference exact where it fits in a long. */
    double weightedDifference() {
        return TwoProportionZTest.crossDifference(treatmentConversions, controlSamples, controlConversions,
                treatmentSamples) / ((double) treatmentSamples + (double) controlSamples);
    }
}
