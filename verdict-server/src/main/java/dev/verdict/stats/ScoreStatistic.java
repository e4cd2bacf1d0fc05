package dev.verdict.stats;

/**
 * The score statistic S(Δ) for pT − pC = Δ with its restricted maximum-likelihood estimate.
 *
 * <p>The restricted estimate maximises the binomial log-likelihood on the segment pT − pC = Δ. Its score in the
 * free parameter is strictly decreasing, so the maximum is either at an end of the segment or at the single root,
 * found by Newton steps safeguarded by a bracket. The free parameter is always the rate whose lower end is 0
 * (pC when Δ &gt; 0, pT when Δ &lt; 0), so a tiny restricted rate keeps full relative precision. This replaces the
 * closed-form cubic of Miettinen–Nurminen / Farrington–Manning, whose arccos loses precision near the edges.
 */
final class ScoreStatistic {

    private static final int MAX_ITERATIONS = 400;

    private final double nT;
    private final double xT;
    private final double fT;
    private final double nC;
    private final double xC;
    private final double fC;
    private final double observed;
    private final double pooled;

    ScoreStatistic(long nT, long xT, long nC, long xC) {
        this.nT = nT;
        this.xT = xT;
        this.fT = nT - xT;
        this.nC = nC;
        this.xC = xC;
        this.fC = nC - xC;
        this.observed = TwoProportionZTest.crossDifference(xT, nC, xC, nT) / this.nT / this.nC;
        this.pooled = ((double) xT + (double) xC) / ((double) nT + (double) nC);
    }

    double observedDifference() {
        return observed;
    }

    /** S(Δ); ±∞ where the restricted variance is zero but the numerator is not, 0 where both are zero. */
    double at(double delta) {
        double numerator = observed - delta;
        if (numerator == 0.0) {
            return 0.0;
        }
        double variance = restrictedVariance(delta);
        if (!(variance > 0.0)) {
            return numerator > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return numerator / Math.sqrt(variance);
    }

    /** p̃T(1−p̃T)/nT + p̃C(1−p̃C)/nC at the maximum-likelihood estimate restricted to pT − pC = Δ. */
    double restrictedVariance(double delta) {
        return restrictedVariance(nT, xT, fT, nC, xC, fC, pooled, delta);
    }

    /** The same for counts given as doubles (failures f = n − x), without allocating a statistic. */
    static double restrictedVariance(double nT, double xT, double fT, double nC, double xC, double fC,
            double pooled, double delta) {
        double pT;
        double pC;
        if (delta == 0.0) {
            pT = pooled;
            pC = pooled;
        } else if (delta > 0.0) {
            pC = restricted(delta, xC, fC, xT, fT);
            pT = Math.min(1.0, pC + delta);
        } else {
            pT = restricted(-delta, xT, fT, xC, fC);
            pC = Math.min(1.0, pT - delta);
        }
        return pT * (1.0 - pT) / nT + pC * (1.0 - pC) / nC;
    }

    /**
     * The restricted estimate of q, where q is the rate with (xq, fq) successes and failures and the other rate is
     * o = q + δ with (xo, fo), δ &gt; 0, so q lies in [0, 1 − δ].
     */
    static double restricted(double delta, double xq, double fq, double xo, double fo) {
        double top = 1.0 - delta;
        if (!(top > 0.0)) {
            return 0.0;
        }
        if (score(0.0, delta, top, xq, fq, xo, fo) <= 0.0) {
            return 0.0;
        }
        if (score(top, delta, top, xq, fq, xo, fo) >= 0.0) {
            return top;
        }
        double lo = 0.0;
        double hi = top;
        double n = xq + fq + xo + fo;
        double q = (xq + xo - (xo + fo) * delta) / n;
        if (!(q > lo && q < hi)) {
            q = 0.5 * top;
        }
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double f = score(q, delta, top, xq, fq, xo, fo);
            if (f == 0.0) {
                return q;
            }
            if (f > 0.0) {
                lo = q;
            } else {
                hi = q;
            }
            double next = q - f / slope(q, delta, top, xq, fq, xo, fo);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
                if (next == lo || next == hi) {
                    return q;
                }
            }
            if (Math.abs(next - q) <= 2.0 * Math.ulp(q)) {
                return next;
            }
            q = next;
        }
        return q;
    }

    /** d/dq of the log-likelihood; a count of zero contributes nothing even where its rate is 0 or 1. */
    private static double score(double q, double delta, double top, double xq, double fq, double xo, double fo) {
        double s = 0.0;
        if (xq > 0) {
            s += xq / q;
        }
        if (fq > 0) {
            s -= fq / (1.0 - q);
        }
        if (xo > 0) {
            s += xo / (q + delta);
        }
        if (fo > 0) {
            s -= fo / (top - q);
        }
        return s;
    }

    private static double slope(double q, double delta, double top, double xq, double fq, double xo, double fo) {
        double one = 1.0 - q;
        double o = q + delta;
        double oneO = top - q;
        return -(xq > 0 ? xq / (q * q) : 0.0) - (fq > 0 ? fq / (one * one) : 0.0)
                - (xo > 0 ? xo / (o * o) : 0.0) - (fo > 0 ? fo / (oneO * oneO) : 0.0);
    }
}
