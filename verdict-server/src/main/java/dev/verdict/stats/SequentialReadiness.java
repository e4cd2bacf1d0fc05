package dev.verdict.stats;

/**
 * When the sequential test's normal approximation may start counting looks: every compared arm has at least
 * {@code minSamples} units, and under the pooled rate p̄ the smaller arm expects at least {@link #MIN_EXPECTED}
 * conversions and as many non-conversions (the classic n·p ≥ 10 rule). Before that a single conversion in a small
 * arm against none in a large one gives a z-statistic above 4 (docs/STATISTICS.md), far from what the mixture
 * boundary assumes; looks before readiness record nothing.
 */
public final class SequentialReadiness {

    public static final double MIN_EXPECTED = 10.0;

    private SequentialReadiness() {
    }

    public static boolean ready(long nT, long xT, long nC, long xC, long minSamples) {
        if (nT < minSamples || nC < minSamples || nT == 0 || nC == 0) {
            return false;
        }
        double pooled = ((double) xT + (double) xC) / ((double) nT + (double) nC);
        double smaller = Math.min(nT, nC);
        return smaller * pooled >= MIN_EXPECTED && smaller * (1.0 - pooled) >= MIN_EXPECTED;
    }
}
