package dev.verdict.results;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Expected values for the /results tests, written from the textbook formulas with commons-math3 only. Deliberately
 * does not call dev.verdict.stats, so a test comparing the two can catch a mistake in either.
 */
final class IndependentStats {

    private static final NormalDistribution Z = new NormalDistribution(0, 1);

    private IndependentStats() {
    }

    static double critical(double confidence) {
        return Z.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** Wilson score interval {lower, upper}: centre ± half-width. */
    static double[] wilson(long n, long x, double confidence) {
        double z = critical(confidence);
        double p = (double) x / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Pooled two-proportion z statistic of T against C. */
    static double pooledZ(long nT, long xT, long nC, long xC) {
        double pT = (double) xT / nT;
        double pC = (double) xC / nC;
        double pooled = (double) (xT + xC) / (nT + nC);
        return (pT - pC) / Math.sqrt(pooled * (1 - pooled) * (1.0 / nT + 1.0 / nC));
    }

    static double twoSidedP(double z) {
        return 2 * Z.cumulativeProbability(-Math.abs(z));
    }

    /** Holm step-down adjusted p-values, in the order given. */
    static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] out = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1, (m - rank) * p[order[rank]]));
            out[order[rank]] = running;
        }
        return out;
    }

    /**
     * Score statistic for pT − pC = delta with the restricted MLE from the closed-form cubic of
     * Miettinen–Nurminen / Farrington–Manning (no n/(n−1) factor).
     */
    static double score(long nT, long xT, long nC, long xC, double delta) {
        double p1 = (double) xT / nT;
        double p2 = (double) xC / nC;
        double theta = (double) nC / nT;
        double a = 1 + theta;
        double b = -(1 + theta + p1 + theta * p2 + delta * (theta + 2));
        double c = delta * delta + delta * (2 * p1 + theta + 1) + p1 + theta * p2;
        double d = -p1 * delta * (1 + delta);
        double v = b * b * b / (27 * a * a * a) - b * c / (6 * a * a) + d / (2 * a);
        double u = Math.signum(v) * Math.sqrt(b * b / (9 * a * a) - c / (3 * a));
        double ratio = u == 0 ? 0 : Math.max(-1, Math.min(1, v / (u * u * u)));
        double w = (Math.PI + Math.acos(ratio)) / 3;
        double r1 = 2 * u * Math.cos(w) - b / (3 * a);
        double r2 = r1 - delta;
        double variance = r1 * (1 - r1) / nT + r2 * (1 - r2) / nC;
        return (p1 - p2 - delta) / Math.sqrt(variance);
    }

    /** The score interval {lower, upper} for pT − pC by bisection on the (decreasing) score statistic. */
    static double[] scoreInterval(long nT, long xT, long nC, long xC, double confidence) {
        double z = critical(confidence);
        double observed = (double) xT / nT - (double) xC / nC;
        double lo = -0.999999;
        double hi = observed;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (score(nT, xT, nC, xC, mid) > z) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double lower = hi;
        lo = observed;
        hi = 0.999999;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (score(nT, xT, nC, xC, mid) < -z) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new double[] {lower, lo};
    }

    /**
     * P(pT &gt; pC) for Beta(1+x, 1+n−x) posteriors: ∫ f_T(t)·F_C(t) dt by composite Simpson over ±15 standard
     * deviations of the treatment posterior.
     */
    static double probabilityToBeat(long nT, long xT, long nC, long xC) {
        BetaDistribution t = new BetaDistribution(1 + xT, 1 + nT - xT, 1e-14);
        BetaDistribution c = new BetaDistribution(1 + xC, 1 + nC - xC, 1e-14);
        double sd = Math.sqrt(t.getNumericalVariance());
        double from = Math.max(0, t.getNumericalMean() - 15 * sd);
        double to = Math.min(1, t.getNumericalMean() + 15 * sd);
        int intervals = 20_000;
        double h = (to - from) / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double x = from + i * h;
            double f = t.density(x) * c.cumulativeProbability(x);
            sum += (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return sum * h / 3;
    }

    /** Fleiss' sample size without continuity correction; k = nT/nC; {treatment, control}, each rounded up. */
    static long[] fleiss(double p1, double mde, double alpha, double power, double k) {
        double p2 = p1 + mde;
        double pBar = (p1 + k * p2) / (1 + k);
        double za = Z.inverseCumulativeProbability(1 - alpha / 2);
        double zb = Z.inverseCumulativeProbability(power);
        double root = za * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / k)) + zb * Math.sqrt(p1 * (1 - p1)
                + p2 * (1 - p2) / k);
        double control = root * root / (mde * mde);
        // 1e-9 relative slack: the formula's value for an exact integer must not round up to the next one.
        return new long[] {(long) Math.ceil(k * control * (1 - 1e-9)), (long) Math.ceil(control * (1 - 1e-9))};
    }

    /** mSPRT p-value min(1, 1/Λ) with a N(0, τ²) mixture over the difference (Johari et al.). */
    /**
     * The one-sided mixture SPRT p-value of "uplift ≤ 0" over k challengers, for one configuration version:
     * min(1, k/Λ) with Λ = 2·√(V/(V+τ²))·exp(θ̂²τ²/(2V(V+τ²)))·Φ(θ̂τ/√(V(V+τ²))), V the pooled (null) variance.
     */
    static double sequentialP(long nT, long xT, long nC, long xC, double tau, int k) {
        double pT = (double) xT / nT;
        double pC = (double) xC / nC;
        double pooled = (double) (xT + xC) / (nT + nC);
        double v = pooled * (1 - pooled) * (1.0 / nT + 1.0 / nC);
        double theta = pT - pC;
        double t2 = tau * tau;
        double lambda = 2 * Math.sqrt(v / (v + t2)) * Math.exp(theta * theta * t2 / (2 * v * (v + t2)))
                * Z.cumulativeProbability(theta * tau / Math.sqrt(v * (v + t2)));
        return Math.min(1, k / lambda);
    }

    /** Holm's level for each p-value's interval: α/(m − r) at rank r while all earlier ranks reject. */
    static double[] holmLevels(double[] p, double alpha) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> p[i]));
        double[] levels = new double[m];
        double failed = -1;
        for (int r = 0; r < m; r++) {
            double level = failed >= 0 ? failed : alpha / (m - r);
            if (failed < 0 && !(p[order[r]] < level)) {
                failed = level;
            }
            levels[order[r]] = level;
        }
        return levels;
    }

    /** ln of the Dirichlet–multinomial Bayes factor of counts against shares, concentration a (Lindon–Malek). */
    static double srmLogBayesFactor(long[] observed, double[] shares, double a) {
        long n = 0;
        for (long o : observed) {
            n += o;
        }
        double log = lgamma(a) - lgamma(a + n);
        for (int i = 0; i < observed.length; i++) {
            double ai = a * shares[i];
            log += lgamma(ai + observed[i]) - lgamma(ai) - observed[i] * Math.log(shares[i]);
        }
        return log;
    }

    /** ln Γ by Stirling's series with shift (independent of commons-math). */
    static double lgamma(double x) {
        double shift = 0;
        while (x < 10) {
            shift -= Math.log(x);
            x += 1;
        }
        double x2 = x * x;
        return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x2)
                + 1 / (1260 * x2 * x2 * x) - 1 / (1680 * x2 * x2 * x2 * x);
    }

    /** Pearson chi-square of observed counts against shares; {statistic, df}. */
    static double[] chiSquare(long[] observed, double[] shares) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double chi = 0;
        int arms = 0;
        for (int i = 0; i < observed.length; i++) {
            if (shares[i] > 0) {
                double e = total * shares[i];
                chi += (observed[i] - e) * (observed[i] - e) / e;
                arms++;
            }
        }
        return new double[] {chi, arms - 1};
    }

    /** Upper tail P(χ²_df &gt; chi) as Q(df/2, chi/2); 1 − CDF would cancel to noise below 1e-16. */
    static double chiSquareP(double chi, int df) {
        return Gamma.regularizedGammaQ(df / 2.0, chi / 2.0);
    }
}
