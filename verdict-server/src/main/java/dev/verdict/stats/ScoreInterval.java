package dev.verdict.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Score (Miettinen–Nurminen without the n/(n−1) variance correction, also known as Mee's) interval for pT − pC,
 * found by inverting the score test: the set of Δ with |S(Δ)| &lt; z_{1−α/2}, where
 * S(Δ) = (p̂T − p̂C − Δ)/√(p̃T(1−p̃T)/nT + p̃C(1−p̃C)/nC) and (p̃T, p̃C) is the maximum-likelihood estimate
 * restricted to p̃T − p̃C = Δ.
 *
 * <p>At Δ = 0 the restricted estimate is the pooled rate, so S(0) is the pooled z statistic. The interval is built
 * so that it excludes 0 exactly when {@link TwoProportionZTest} reports p &lt; α: the side of 0 is taken from that
 * test, and each bound is then located by bisection on S between 0 (or the observed difference) and ±1, so rounding
 * near the boundary can never make the two disagree.
 */
public final class ScoreInterval {

    private static final int MAX_BISECTIONS = 2200;

    private ScoreInterval() {
    }

    public static DifferenceInterval difference(long nT, long xT, long nC, long xC, double confidence) {
        if (Reasons.invalidCounts(nT, xT) || Reasons.invalidCounts(nC, xC) || !Reasons.validConfidence(confidence)) {
            return DifferenceInterval.unavailable(Reasons.INVALID_INPUT);
        }
        if (nT == 0 || nC == 0) {
            return DifferenceInterval.unavailable(Reasons.EMPTY_ARM);
        }
        double alpha = 1.0 - confidence;
        boolean significant = TwoProportionZTest.test(nT, xT, nC, xC).pValue() < alpha;
        double critical = Normal.twoSidedCritical(confidence);
        // Rates near 1 lose relative precision in 1 − p; counting failures instead keeps them near 0.
        // Failures differ by −Δ, so the interval is mirrored back.
        if ((double) xT + (double) xC > ((double) nT + (double) nC) / 2.0) {
            ScoreStatistic failures = new ScoreStatistic(nT, nT - xT, nC, nC - xC);
            double[] mirrored = bounds(failures::at, failures.observedDifference(), significant, critical);
            return new DifferenceInterval(-mirrored[1], -mirrored[0], null);
        }
        ScoreStatistic conversions = new ScoreStatistic(nT, xT, nC, xC);
        double[] bounds = bounds(conversions::at, conversions.observedDifference(), significant, critical);
        return new DifferenceInterval(bounds[0], bounds[1], null);
    }

    /**
     * The interval's bounds for the statistic S with observed difference {@code observed}: the side of 0 comes from
     * the test ({@code significant}), and each bound is bisected without crossing 0 or the estimate.
     */
    static double[] bounds(DoubleUnaryOperator statistic, double observed, boolean significant,
            double critical) {
        double lower;
        double upper;
        if (observed > 0 && significant) {
            lower = bisect(statistic, 0.0, observed, critical, true);
        } else {
            lower = bisect(statistic, -1.0, observed <= 0.0 ? observed : 0.0, critical, true);
        }
        if (observed < 0 && significant) {
            upper = bisect(statistic, 0.0, observed, critical, false);
        } else {
            upper = bisect(statistic, 1.0, Math.max(observed, 0.0), critical, false);
        }
        return new double[] {lower, upper};
    }

    /**
     * Shrinks [outside, inside] to adjacent doubles, keeping S(outside) beyond the critical value and S(inside)
     * within it, and returns the inside end, so a bound never crosses the endpoint it started from.
     */
    static double bisect(DoubleUnaryOperator statistic, double outside, double inside,
            double critical, boolean lowerBound) {
        for (int i = 0; i < MAX_BISECTIONS; i++) {
            double mid = 0.5 * (outside + inside);
            if (mid == outside || mid == inside) {
                break;
            }
            double s = statistic.applyAsDouble(mid);
            boolean beyond = lowerBound ? s >= critical : s <= -critical;
            if (beyond) {
                outside = mid;
            } else {
                inside = mid;
            }
        }
        return inside;
    }
}
