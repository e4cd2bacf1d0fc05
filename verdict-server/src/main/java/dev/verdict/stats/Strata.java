package dev.verdict.stats;

import java.util.List;

/**
 * Sums over strata shared by {@link StratifiedComparison} and {@link SequentialTest}, read straight from the list
 * so that the sequential test allocates nothing per call. Strata with an empty arm have weight 0 and are skipped.
 *
 * <p>"Mirrored" means counting failures instead of conversions: the difference changes sign (Δ becomes −Δ) and
 * the restricted variance is unchanged, but rates near 1 become rates near 0, where they keep relative precision.
 */
final class Strata {

    private Strata() {
    }

    static void requireNonNull(List<Stratum> strata) {
        if (strata == null) {
            throw new IllegalArgumentException("strata must not be null");
        }
        for (int i = 0, n = strata.size(); i < n; i++) {
            if (strata.get(i) == null) {
                throw new IllegalArgumentException("stratum " + i + " is null");
            }
        }
    }

    static int usableCount(List<Stratum> strata) {
        int count = 0;
        for (int i = 0, n = strata.size(); i < n; i++) {
            if (strata.get(i).usable()) {
                count++;
            }
        }
        return count;
    }

    /** Σ w_k with the Cochran–Mantel–Haenszel weights w_k = nT·nC/(nT + nC). */
    static double weightSum(List<Stratum> strata) {
        double sum = 0.0;
        for (int i = 0, n = strata.size(); i < n; i++) {
            sum += strata.get(i).weight();
        }
        return sum;
    }

    /** Σ w_k·d_k of conversion rates. */
    static double weightedDifferenceSum(List<Stratum> strata) {
        double sum = 0.0;
        for (int i = 0, n = strata.size(); i < n; i++) {
            Stratum s = strata.get(i);
            if (s.usable()) {
                sum += s.weightedDifference();
            }
        }
        return sum;
    }

    /** Whether more than half of all usable samples converted, so that counting failures is more precise. */
    static boolean mostlyConverted(List<Stratum> strata) {
        double conversions = 0.0;
        double samples = 0.0;
        for (int i = 0, n = strata.size(); i < n; i++) {
            Stratum s = strata.get(i);
            if (s.usable()) {
                conversions += (double) s.treatmentConversions() + (double) s.controlConversions();
                samples += (double) s.treatmentSamples() + (double) s.controlSamples();
            }
        }
        return conversions > samples / 2.0;
    }

    /**
     * Σ w_k²·Ṽ_k(Δ), Ṽ_k at stratum k's maximum-likelihood estimate restricted to pT − pC = Δ. At Δ = 0 that is
     * the pooled rate p_k and w_k²·Ṽ_k = w_k·p_k(1 − p_k), a closed form; elsewhere one safeguarded Newton solve
     * per stratum ({@link ScoreStatistic#restricted}). With {@code mirrored} the counts are failures and
     * {@code delta} is the difference of failure rates (the negated difference of conversion rates).
     */
    static double varianceSum(List<Stratum> strata, boolean mirrored, double delta) {
        double sum = 0.0;
        for (int i = 0, n = strata.size(); i < n; i++) {
            Stratum s = strata.get(i);
            if (!s.usable()) {
                continue;
            }
            double w = s.weight();
            double nT = s.treatmentSamples();
            double nC = s.controlSamples();
            long successes = s.treatmentConversions() + s.controlConversions();
            long failures = (s.treatmentSamples() - s.treatmentConversions())
                    + (s.controlSamples() - s.controlConversions());
            double total = nT + nC;
            if (delta == 0.0) {
                sum += w * ((successes / total) * (failures / total));
                continue;
            }
            double xT = mirrored ? nT - s.treatmentConversions() : s.treatmentConversions();
            double xC = mirrored ? nC - s.controlConversions() : s.controlConversions();
            double pooled = (mirrored ? failures : successes) / total;
            double v = ScoreStatistic.restrictedVariance(nT, xT, nT - xT, nC, xC, nC - xC, pooled, delta);
            sum += w * w * v;
        }
        return sum;
    }
}
