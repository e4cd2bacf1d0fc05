package dev.verdict.stats;

import java.util.List;

/**
 * One-sided mixture sequential probability ratio test of a challenger's uplift over the champion, stratified by
 * configuration version, with its always-valid confidence bounds (Johari, Koomen, Pekelis &amp; Walsh, "Always
 * valid inference", Operations Research 70(3), 2022; Robbins, "Statistical methods related to the law of the
 * iterated logarithm", Ann. Math. Statist. 41(5), 1970).
 *
 * <p>θ̂ is the Cochran–Mantel–Haenszel weighted difference of {@link StratifiedComparison}. Its variance is taken
 * under the hypothesis, V(δ) = Σ w_k² Ṽ_k(δ) / (Σ w_k)² with Ṽ_k at stratum k's maximum-likelihood estimate
 * restricted to pT − pC = δ, rather than the unpooled plug-in, which is 0 for a 0/n arm and then claims certainty.
 * Mixing the alternative θ − δ over a half-normal with scale τ gives, for H0: θ ≤ δ,
 * <pre>
 *   ln Λ⁺(δ) = ln 2 − ½·ln(1 + τ²/V) + a²/2 + ln Φ(a),   a = (θ̂ − δ)·τ / √(V·(V + τ²))
 * </pre>
 * (a²/2 is the same as (θ̂−δ)²/(2V)·τ²/(V+τ²)); a²/2 + ln Φ(a) is evaluated as one term, by an asymptotic series
 * for a &lt; −{@value #ASYMPTOTIC_BELOW}, so that nothing cancels or underflows. Λ⁻(δ), for H0: θ ≥ δ, is the mirror.
 *
 * <p>Λ⁺ is not monotone in δ in general: Ṽ(δ) moves with δ, and a seeded property test over random tables with
 * 1–3 strata (tiny and very unbalanced arms) found Λ⁺ increasing somewhere below θ̂ in about 8 % of them, in 1.5 %
 * across a threshold k/α in use. The bounds therefore do not assume monotonicity. The lower bound is the infimum of
 * the δ the positive side does not reject, {δ : Λ⁺(δ) &lt; k/α}: δ is scanned upwards on a grid of step
 * 2/{@value #GRID} for the first point not rejected, and the crossing before it is bisected to adjacent doubles
 * (a non-rejected dip narrower than a grid step can be missed). The upper bound is the supremum of those the
 * negative side does not reject, scanned downwards. Λ⁺(δ) &lt; 1 ≤ k/α for every δ ≥ θ̂, so the sets are never
 * empty. Each bound is the rejected end of the final bisection, the boundary of an open set.
 *
 * <p>The p-value treats "uplift ≤ 0" as the composite null it is: p = min(1, k / min Λ⁺(δ)) over δ = 0 and the grid
 * points below 0, which is k/Λ⁺(0) whenever Λ⁺ does not increase below 0. Rejection (p ≤ α) is decided on
 * ln Λ ≥ ln(k/α), p is nudged to α or just above it in the rare case that k·e^(−ln Λ) rounds to the other side, and
 * the lower bound is then searched on the same side of 0, so p ≤ α holds exactly when lower ≥ 0.
 */
public final class SequentialTest {

    static final double ASYMPTOTIC_BELOW = 37.0;
    private static final double LN2 = Math.log(2.0);
    private static final double HALF_LN_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final int MAX_BISECTIONS = 2200;
    /** Grid steps over [−1, 1] scanned for the first δ not rejected; a power of 2 so 0 is a grid point. */
    static final int GRID = 256;

    private SequentialTest() {
    }

    /**
     * ln Λ⁺(δ) against H0: uplift ≤ δ; 0 (Λ = 1, no evidence) when no stratum has both arms or V(δ) is 0. At δ = 0
     * a closed form; otherwise one safeguarded Newton solve per stratum. Allocates nothing.
     *
     * @throws IllegalArgumentException for null strata or tau outside (0, 1]
     */
    public static double logLambdaAbove(List<Stratum> strata, double tau, double delta) {
        requireTau(tau);
        Strata.requireNonNull(strata);
        return logLambda(strata, tau, delta, true);
    }

    /** ln Λ⁻(δ) against H0: uplift ≥ δ, the mirror of {@link #logLambdaAbove}. */
    public static double logLambdaBelow(List<Stratum> strata, double tau, double delta) {
        requireTau(tau);
        Strata.requireNonNull(strata);
        return logLambda(strata, tau, delta, false);
    }

    /**
     * The test of "uplift ≤ 0" at level α/k with its always-valid two-sided bounds at level 1 − α/k each side.
     *
     * @param challengers k ≥ 1, the number of challengers compared with the champion (Bonferroni)
     * @throws IllegalArgumentException for null strata, tau outside (0, 1], k &lt; 1 or alpha outside (0, 1)
     */
    public static SequentialResult evaluate(List<Stratum> strata, double tau, int challengers, double alpha) {
        requireTau(tau);
        Strata.requireNonNull(strata);
        if (challengers < 1) {
            throw new IllegalArgumentException("challengers must be at least 1, got " + challengers);
        }
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (Strata.usableCount(strata) == 0) {
            return new SequentialResult(0.0, 1.0, null, null, Reasons.EMPTY_ARM);
        }
        double logLambda = logLambda(strata, tau, 0.0, true);
        double threshold = Math.log(challengers) - Math.log(alpha);
        double estimate = Math.max(-1.0, Math.min(1.0, Strata.weightedDifferenceSum(strata) / Strata.weightSum(strata)));
        // The composite null "uplift ≤ 0" is rejected only where every grid point δ ≤ 0 is: the least evidence.
        double leastEvidence = logLambda;
        if (estimate > 0.0) {
            for (int j = 1; j < GRID / 2; j++) {
                leastEvidence = Math.min(leastEvidence, logLambda(strata, tau, gridPoint(j), true));
            }
        }
        boolean rejected = leastEvidence >= threshold;
        double pValue = leastEvidence <= 0.0 ? 1.0 : Math.min(1.0, challengers * Math.exp(-leastEvidence));
        // k·e^(−ln Λ) and ln(k/α) may round to different sides of α; the log comparison decides.
        if (rejected && pValue > alpha) {
            pValue = alpha;
        } else if (!rejected && pValue <= alpha) {
            pValue = Math.nextUp(alpha);
        }
        double lower = rejected
                ? lowest(strata, tau, threshold, GRID / 2, estimate)
                : lowest(strata, tau, threshold, 0, Math.min(estimate, 0.0));
        double upper = highest(strata, tau, threshold, estimate);
        String reason = Strata.varianceSum(strata, false, 0.0) > 0.0 ? null : Reasons.ZERO_VARIANCE;
        return new SequentialResult(logLambda, pValue, lower, upper, reason);
    }

    /** −1 + j·(2/GRID), exact in binary. */
    private static double gridPoint(int j) {
        return -1.0 + j * (2.0 / GRID);
    }

    /**
     * The infimum of the δ in [grid point {@code from}, {@code accepted}] that Λ⁺ does not reject, where grid point
     * {@code from} is rejected (or −1) and {@code accepted} is not: the first grid point not rejected is found by a
     * scan, then the crossing before it by bisection.
     */
    private static double lowest(List<Stratum> strata, double tau, double threshold, int from, double accepted) {
        double rejectedEnd = gridPoint(from);
        for (int j = from + 1; j < GRID; j++) {
            double delta = gridPoint(j);
            if (delta >= accepted) {
                break;
            }
            if (logLambda(strata, tau, delta, true) < threshold) {
                return bisect(strata, tau, threshold, true, rejectedEnd, delta);
            }
            rejectedEnd = delta;
        }
        return bisect(strata, tau, threshold, true, rejectedEnd, accepted);
    }

    /** The supremum of the δ that Λ⁻ does not reject, scanning down from 1 to the estimate (never rejected). */
    private static double highest(List<Stratum> strata, double tau, double threshold, double accepted) {
        double rejectedEnd = 1.0;
        for (int j = GRID - 1; j > 0; j--) {
            double delta = gridPoint(j);
            if (delta <= accepted) {
                break;
            }
            if (logLambda(strata, tau, delta, false) < threshold) {
                return bisect(strata, tau, threshold, false, rejectedEnd, delta);
            }
            rejectedEnd = delta;
        }
        return bisect(strata, tau, threshold, false, rejectedEnd, accepted);
    }

    /**
     * Shrinks [rejected, accepted] to adjacent doubles, keeping the first end rejected (ln Λ ≥ threshold) and the
     * second not, and returns the rejected end: the boundary of the open set of δ that are not rejected.
     */
    private static double bisect(List<Stratum> strata, double tau, double threshold, boolean above, double rejected,
            double accepted) {
        for (int i = 0; i < MAX_BISECTIONS; i++) {
            double mid = 0.5 * (rejected + accepted);
            if (mid == rejected || mid == accepted) {
                break;
            }
            if (logLambda(strata, tau, mid, above) >= threshold) {
                rejected = mid;
            } else {
                accepted = mid;
            }
        }
        return rejected;
    }

    static double logLambda(List<Stratum> strata, double tau, double delta, boolean above) {
        double weightSum = Strata.weightSum(strata);
        if (!(weightSum > 0.0)) {
            return 0.0;
        }
        double weighted = Strata.weightedDifferenceSum(strata);
        double varianceSum;
        if (delta == 0.0) {
            varianceSum = Strata.varianceSum(strata, false, 0.0);
        } else if (Strata.mostlyConverted(strata)) {
            varianceSum = Strata.varianceSum(strata, true, -delta);
        } else {
            varianceSum = Strata.varianceSum(strata, false, delta);
        }
        if (!(varianceSum > 0.0)) {
            return 0.0;
        }
        // V = varianceSum / W²; θ̂ − δ = (Σ w d − δ W) / W, kept as ratios of sums so nothing underflows.
        double excess = Math.fma(-delta, weightSum, weighted);
        if (!above) {
            excess = -excess;
        }
        double sd = Math.sqrt(varianceSum) / weightSum;
        double v = sd * sd;
        double tau2 = tau * tau;
        double a = (excess / weightSum) * tau / (sd * Math.sqrt(v + tau2));
        double ratio = tau2 / v;
        double shrink = ratio < 1e300 ? -0.5 * Math.log1p(ratio) : -0.5 * (Math.log(tau2) - 2.0 * Math.log(sd));
        // Only a²/2 can overflow (V within a few ulps of 0 far from θ̂): Λ is then reported as the largest double.
        return Math.min(LN2 + shrink + halfSquarePlusLogPhi(a), Double.MAX_VALUE);
    }

    /** a²/2 + ln Φ(a), finite for every finite a. */
    static double halfSquarePlusLogPhi(double a) {
        if (a > 0.0) {
            return 0.5 * a * a + Math.log1p(-Normal.upperTail(a));
        }
        if (a >= -ASYMPTOTIC_BELOW) {
            return 0.5 * a * a + Math.log(Normal.upperTail(-a));
        }
        // Φ(a) = φ(a)/|a|·(1 − 1/a² + 3/a⁴ − 15/a⁶ + …); at |a| ≥ 37 the terms after 945/a¹⁰ are below 1e-16.
        double r = 1.0 / (a * a);
        double series = 1.0 - r * (1.0 - 3.0 * r * (1.0 - 5.0 * r * (1.0 - 7.0 * r * (1.0 - 9.0 * r))));
        return -HALF_LN_2PI - Math.log(-a) + Math.log(series);
    }

    private static void requireTau(double tau) {
        if (!(tau > 0.0 && tau <= 1.0)) {
            throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
        }
    }
}
