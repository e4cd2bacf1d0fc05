package dev.verdict.stats;

import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * Sample-ratio mismatch check: does the observed traffic per arm fit the configured split?
 *
 * <p>Arms whose expected share is 0 are skipped while they have no traffic. Traffic in such an arm cannot happen
 * under the configured split at all, so it is treated as infinite evidence: p-value 0 and chi-square
 * {@link #IMPOSSIBLE_CHI_SQUARE}, a large finite value so sums stay finite. Degrees of freedom count only arms with a
 * positive share.
 */
public final class SampleRatio {

    /** Below this p-value the split is reported as a mismatch; SRM checks are run often, hence the strict level. */
    public static final double MISMATCH_P = 0.001;
    /** Statistic reported when an arm that should receive no traffic received some. */
    public static final double IMPOSSIBLE_CHI_SQUARE = 1e300;

    private SampleRatio() {
    }

    /**
     * Pearson goodness of fit of observed counts against expected shares (normalised to sum to 1).
     *
     * @throws IllegalArgumentException when the arrays are null or of different lengths, a count is negative, or a
     *     share is negative, NaN, infinite, or all shares are zero — programming errors, not data conditions
     */
    public static ChiSquareResult goodnessOfFit(long[] observed, double[] expectedShares) {
        if (observed == null || expectedShares == null || observed.length != expectedShares.length) {
            throw new IllegalArgumentException("observed and expectedShares must be non-null and of equal length");
        }
        double shareSum = 0.0;
        double total = 0.0;
        for (int i = 0; i < observed.length; i++) {
            double share = expectedShares[i];
            if (observed[i] < 0 || !(share >= 0.0) || Double.isInfinite(share)) {
                throw new IllegalArgumentException("counts and shares must be non-negative and finite");
            }
            shareSum += share;
            total += observed[i];
        }
        if (!(shareSum > 0.0)) {
            throw new IllegalArgumentException("at least one expected share must be positive");
        }
        if (total == 0.0) {
            return new ChiSquareResult(0.0, 0, 1.0);
        }
        double chiSquare = 0.0;
        int positiveArms = 0;
        boolean impossible = false;
        for (int i = 0; i < observed.length; i++) {
            if (expectedShares[i] == 0.0) {
                impossible |= observed[i] > 0;
                continue;
            }
            positiveArms++;
            double expected = total * (expectedShares[i] / shareSum);
            double deviation = observed[i] - expected;
            chiSquare += deviation * deviation / expected;
        }
        int df = positiveArms - 1;
        if (impossible) {
            return new ChiSquareResult(IMPOSSIBLE_CHI_SQUARE, df, 0.0);
        }
        return new ChiSquareResult(chiSquare, df, upperTail(chiSquare, df));
    }

    /** Sums statistics and degrees of freedom of independent checks (e.g. one per day or segment). */
    public static ChiSquareResult combine(List<ChiSquareResult> parts) {
        if (parts == null || parts.isEmpty()) {
            return new ChiSquareResult(0.0, 0, 1.0);
        }
        double chiSquare = 0.0;
        long df = 0;
        boolean impossible = false;
        for (ChiSquareResult part : parts) {
            chiSquare += part.chiSquare();
            df += part.degreesOfFreedom();
            impossible |= part.pValue() == 0.0 && part.chiSquare() >= IMPOSSIBLE_CHI_SQUARE;
        }
        int degrees = (int) Math.min(Integer.MAX_VALUE, df);
        if (impossible || chiSquare > IMPOSSIBLE_CHI_SQUARE) {
            return new ChiSquareResult(IMPOSSIBLE_CHI_SQUARE, degrees, 0.0);
        }
        return new ChiSquareResult(chiSquare, degrees, upperTail(chiSquare, degrees));
    }

    /** P(χ²_df &gt; x) via the regularized upper incomplete gamma, which keeps relative precision in the tail. */
    static double upperTail(double chiSquare, int df) {
        if (df <= 0 || !(chiSquare > 0.0)) {
            return 1.0;
        }
        double p = Gamma.regularizedGammaQ(df / 2.0, chiSquare / 2.0);
        return Double.isNaN(p) ? 0.0 : Math.max(0.0, Math.min(1.0, p));
    }
}
