package dev.verdict.stats;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.special.Beta;

/**
 * Probability that the treatment rate beats the control rate, pT ~ Beta(1 + xT, 1 + nT − xT) and
 * pC ~ Beta(1 + xC, 1 + nC − xC) independent (uniform priors), accurate to 1e-6 absolute, deterministic and fast.
 *
 * <p>Two deterministic methods, chosen by cost and conditioning:
 * <ul>
 *   <li>Exact finite sum (Evan Miller's closed form) over the smallest of the four Beta parameters, using the
 *   symmetries P(pT &gt; pC) = 1 − P(pC &gt; pT) = P(1 − pC &gt; 1 − pT). Terms follow a rational recurrence from
 *   one log-beta start and are summed in log space. Used when that parameter is at most {@value #EXACT_SUM_LIMIT}
 *   and every parameter is at most {@value #EXACT_SUM_MAX_PARAMETER}: beyond that the log-beta start cancels
 *   terms of size ~a·log a and loses more than 1e-9.</li>
 *   <li>Otherwise quadrature: P = ∫ f_N(u)·P(W &gt; u) du, where N is the posterior with the narrower support
 *   (so the integrand is smooth on N's scale) and W the other. Both densities are evaluated relative to their mode
 *   with log1p, restricted to where they exceed e^−{@value #LOG_DENSITY_CUT} of the peak, split into
 *   {@value #PANELS} panels of Gauss–Legendre nodes and normalised numerically, so no normalising constant with
 *   huge cancelling log-gammas is needed. The upper tail of W is accumulated panel by panel from the same
 *   quadrature instead of the incomplete beta function, whose continued fraction needs O(√n) terms at n = 1e9.</li>
 * </ul>
 */
public final class BetaComparison {

    static final int EXACT_SUM_LIMIT = 5_000;
    static final double EXACT_SUM_MAX_PARAMETER = 1e7;
    static final int LOG_DENSITY_CUT = 60;
    static final int PANELS = 48;
    private static final GaussIntegrator RULE = new GaussIntegratorFactory().legendreHighPrecision(12);
    private static final int NODES = RULE.getNumberOfPoints();

    private BetaComparison() {
    }

    /**
     * P(pT &gt; pC).
     *
     * @throws IllegalArgumentException for impossible counts (negative, or more conversions than trials); use
     *     {@link #compare} to get a reason code instead
     */
    public static double probabilityToBeat(long nT, long xT, long nC, long xC) {
        BeatProbability result = compare(nT, xT, nC, xC);
        if (result.probability() == null) {
            throw new IllegalArgumentException("Invalid counts: nT=" + nT + ", xT=" + xT + ", nC=" + nC + ", xC=" + xC);
        }
        return result.probability();
    }

    /** P(pT &gt; pC), or reason INVALID_INPUT for impossible counts. Empty arms use the uniform prior. */
    public static BeatProbability compare(long nT, long xT, long nC, long xC) {
        if (Reasons.invalidCounts(nT, xT) || Reasons.invalidCounts(nC, xC)) {
            return new BeatProbability(null, Reasons.INVALID_INPUT);
        }
        double aT = 1.0 + xT;
        double bT = 1.0 + (nT - xT);
        double aC = 1.0 + xC;
        double bC = 1.0 + (nC - xC);
        double smallest = Math.min(Math.min(aT, bT), Math.min(aC, bC));
        double largest = Math.max(Math.max(aT, bT), Math.max(aC, bC));
        double p;
        if (smallest <= EXACT_SUM_LIMIT && largest <= EXACT_SUM_MAX_PARAMETER) {
            if (smallest == aT) {
                p = exactSum(aT, bT, aC, bC);
            } else if (smallest == aC) {
                p = 1.0 - exactSum(aC, bC, aT, bT);
            } else if (smallest == bC) {
                p = exactSum(bC, aC, bT, aT);
            } else {
                p = 1.0 - exactSum(bT, aT, bC, aC);
            }
        } else {
            p = byQuadrature(new Posterior(xT, nT - xT), new Posterior(xC, nC - xC));
        }
        return new BeatProbability(Math.max(0.0, Math.min(1.0, p)), null);
    }

    /**
     * P(X &gt; Y) for X ~ Beta(aX, bX), Y ~ Beta(aY, bY) with integer aX:
     * Σ_{i&lt;aX} B(aY+i, bY+bX) / ((bX+i)·B(1+i, bX)·B(aY, bY)).
     */
    static double exactSum(double aX, double bX, double aY, double bY) {
        int terms = (int) aX;
        double[] logTerms = new double[terms];
        double logTerm = Beta.logBeta(aY, bY + bX) - Beta.logBeta(aY, bY);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < terms; i++) {
            logTerms[i] = logTerm;
            max = Math.max(max, logTerm);
            logTerm += Math.log((aY + i) / (aY + bY + bX + i)) + Math.log((bX + i) / (i + 1.0));
        }
        double sum = 0.0;
        for (int i = terms - 1; i >= 0; i--) {
            sum += Math.exp(logTerms[i] - max);
        }
        return Math.exp(max + Math.log(sum));
    }

    /** The quadrature path regardless of cost, so tests can compare it with the exact sum. */
    static double byQuadratureForTest(long nT, long xT, long nC, long xC) {
        return byQuadrature(new Posterior(xT, nT - xT), new Posterior(xC, nC - xC));
    }

    private static double byQuadrature(Posterior treatment, Posterior control) {
        if (control.width() <= treatment.width()) {
            return control.expectationOfUpperTail(treatment);
        }
        return 1.0 - treatment.expectationOfUpperTail(control);
    }

    /** Beta(1 + successes, 1 + failures) discretised on Gauss–Legendre panels over where its density matters. */
    private static final class Posterior {

        private final double successes;
        private final double failures;
        private final double mode;
        private final double low;
        private final double high;
        private final double panelWidth;
        private final double[] nodes;
        private final double[] weights;
        /** tailMass[k]: normalised mass of panels k and above; tailMass[PANELS] = 0. */
        private final double[] tailMass;
        private final double total;

        Posterior(long successes, long failures) {
            this.successes = successes;
            this.failures = failures;
            long n = successes + failures;
            this.mode = n == 0 ? 0.5 : (double) successes / (double) n;
            this.low = logDensity(0.0) >= -LOG_DENSITY_CUT ? 0.0 : cut(0.0, mode);
            this.high = logDensity(1.0) >= -LOG_DENSITY_CUT ? 1.0 : cut(1.0, mode);
            this.panelWidth = (high - low) / PANELS;
            this.nodes = new double[PANELS * NODES];
            this.weights = new double[PANELS * NODES];
            double[] panelMass = new double[PANELS];
            double sum = 0.0;
            for (int k = 0; k < PANELS; k++) {
                double a = low + k * panelWidth;
                double b = k == PANELS - 1 ? high : a + panelWidth;
                double mass = 0.0;
                for (int j = 0; j < NODES; j++) {
                    double t = 0.5 * (a + b) + 0.5 * (b - a) * RULE.getPoint(j);
                    double w = 0.5 * (b - a) * RULE.getWeight(j) * Math.exp(logDensity(t));
                    nodes[k * NODES + j] = t;
                    weights[k * NODES + j] = w;
                    mass += w;
                }
                panelMass[k] = mass;
                sum += mass;
            }
            this.total = sum;
            this.tailMass = new double[PANELS + 1];
            for (int k = PANELS - 1; k >= 0; k--) {
                tailMass[k] = tailMass[k + 1] + panelMass[k] / sum;
            }
        }

        double width() {
            return high - low;
        }

        /** log of the density relative to its value at the mode; concave because both Beta parameters are ≥ 1. */
        private double logDensity(double t) {
            double value = 0.0;
            if (successes > 0) {
                value += successes * Math.log1p((t - mode) / mode);
            }
            if (failures > 0) {
                value += failures * Math.log1p((mode - t) / (1.0 - mode));
            }
            return value;
        }

        /** Bisection between an end of [0, 1] below the cut and the mode for where the log density is −cut. */
        private double cut(double end, double inside) {
            double outside = end;
            for (int i = 0; i < 200; i++) {
                double mid = 0.5 * (outside + inside);
                if (mid == outside || mid == inside) {
                    break;
                }
                if (logDensity(mid) >= -LOG_DENSITY_CUT) {
                    inside = mid;
                } else {
                    outside = mid;
                }
            }
            return outside;
        }

        /** P(this &gt; u). */
        double upperTail(double u) {
            if (u <= low) {
                return 1.0;
            }
            if (u >= high) {
                return 0.0;
            }
            int k = Math.min(PANELS - 1, (int) ((u - low) / panelWidth));
            double b = k == PANELS - 1 ? high : low + (k + 1) * panelWidth;
            double partial = 0.0;
            for (int j = 0; j < NODES; j++) {
                double t = 0.5 * (u + b) + 0.5 * (b - u) * RULE.getPoint(j);
                partial += 0.5 * (b - u) * RULE.getWeight(j) * Math.exp(logDensity(t));
            }
            return tailMass[k + 1] + partial / total;
        }

        /** E[P(other &gt; this)] = P(other &gt; this) for independent posteriors. */
        double expectationOfUpperTail(Posterior other) {
            double sum = 0.0;
            for (int i = 0; i < nodes.length; i++) {
                sum += weights[i] * other.upperTail(nodes[i]);
            }
            return sum / total;
        }
    }
}
