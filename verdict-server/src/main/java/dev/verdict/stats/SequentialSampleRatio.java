package dev.verdict.stats;

import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * Anytime-valid sample-ratio-mismatch test (Lindon &amp; Malek, "Anytime-valid inference for multinomial count
 * data", NeurIPS 2022): the Dirichlet–multinomial Bayes factor of the observed arm counts against the configured
 * shares p,
 * <pre>
 *   ln BF = lnΓ(A) − lnΓ(A + n) + Σ_i [lnΓ(a_i + x_i) − lnΓ(a_i)] − Σ_i x_i ln p_i,   a_i = A·p_i,
 * </pre>
 * over the arms with p_i &gt; 0. BF is a nonnegative martingale under the configured split, so by Ville's inequality
 * p = min(1, 1/BF) is valid at every n however often it is checked, and it is exact for any n: no large-sample
 * approximation that a 5-customer configuration version would break.
 *
 * <p>The prior is centred on the configured split with concentration A; its choice trades early detection of gross
 * mismatches against detection of small ones. {@link #DEFAULT_CONCENTRATION} = 1000: checked after every
 * assignment, the false-alarm rate is at most 0.001 by construction for any A. For a configured 50/50 split with
 * counts following their expectation, a true 51/49 split is flagged (p &lt; 0.001) after 45 001 customers at
 * A = 1000 (50 101 at A = 100, 47 101 at 10⁴, 80 650 at 10⁵) and a true 55/45 split after 2 170 (1 750, 4 541,
 * 12 521): A = 1000 is the best of these for small mismatches and close to the best for large ones
 * (docs/STATISTICS.md has the simulated medians).
 *
 * <p>Numerics: the lnΓ differences are assembled from Stirling's formula with its correction series, so the large
 * terms cancel algebraically and ln BF keeps its absolute precision at a billion assignments (a direct sum of lnΓ
 * values of size 10¹⁰ would lose 10⁻⁶). An arm with share 0 that received traffic cannot occur under the configured
 * split: ln BF is reported as {@link #IMPOSSIBLE_LOG_BAYES_FACTOR} and p as 0.
 */
public final class SequentialSampleRatio {

    /** Prior concentration A of the Dirichlet alternative; see the class comment for why. */
    public static final double DEFAULT_CONCENTRATION = 1000.0;
    /** ln BF reported when an arm with share 0 received traffic: large, finite, so sums stay finite. */
    public static final double IMPOSSIBLE_LOG_BAYES_FACTOR = 1e300;

    private static final double HALF_LN_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double STIRLING_FROM = 10.0;

    private SequentialSampleRatio() {
    }

    /** The test with {@link #DEFAULT_CONCENTRATION}. */
    public static SrmEvidence test(long[] observed, double[] expectedShares) {
        return test(observed, expectedShares, DEFAULT_CONCENTRATION);
    }

    /**
     * @param expectedShares configured shares, normalised to sum to 1; arms with share 0 must stay empty
     * @param concentration  the Dirichlet concentration A &gt; 0
     * @throws IllegalArgumentException when the arrays are null or of different lengths, a count is negative, a
     *     share is negative, NaN or infinite, all shares are zero, or A is not positive and finite
     */
    public static SrmEvidence test(long[] observed, double[] expectedShares, double concentration) {
        if (observed == null || expectedShares == null || observed.length != expectedShares.length) {
            throw new IllegalArgumentException("observed and expectedShares must be non-null and of equal length");
        }
        if (!(concentration > 0.0) || Double.isInfinite(concentration)) {
            throw new IllegalArgumentException("concentration must be positive and finite, got " + concentration);
        }
        double shareSum = 0.0;
        double n = 0.0;
        boolean impossible = false;
        for (int i = 0; i < observed.length; i++) {
            double share = expectedShares[i];
            if (observed[i] < 0 || !(share >= 0.0) || Double.isInfinite(share)) {
                throw new IllegalArgumentException("counts and shares must be non-negative and finite");
            }
            shareSum += share;
            n += observed[i];
            impossible |= share == 0.0 && observed[i] > 0;
        }
        if (!(shareSum > 0.0)) {
            throw new IllegalArgumentException("at least one expected share must be positive");
        }
        if (impossible) {
            return new SrmEvidence(IMPOSSIBLE_LOG_BAYES_FACTOR, 0.0);
        }
        if (n == 0.0) {
            return new SrmEvidence(0.0, 1.0);
        }
        double a = concentration;
        double z = a + n;
        // With S(z) = (z − ½)ln z − z + ½ln 2π and c(z) = lnΓ(z) − S(z) its correction, the S terms sum to
        // −((m−1)/2)·ln(1 + n/A) + Σ_i [Z p_i·h(ε_i) − ½·ln(1+ε_i)], h(ε) = (1+ε)ln(1+ε) − ε ≥ 0, where
        // z_i = a_i + x_i = Z p_i (1 + ε_i), Z = A + n, ε_i = (x_i − n p_i)/(Z p_i), using Σ Z p_i ε_i = 0.
        double log = 0.0;
        double corrections = correction(a) - correction(z);
        int arms = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expectedShares[i] == 0.0) {
                continue;
            }
            arms++;
            double p = expectedShares[i] / shareSum;
            double ai = a * p;
            double x = observed[i];
            double zi = ai + x;
            double deviation = x - n * p;
            double epsilon = deviation / (z * p);
            if (Math.abs(epsilon) < 0.5) {
                log += z * p * deviance(epsilon) - 0.5 * Math.log1p(epsilon);
            } else {
                double logRatio = Math.log(zi / z / p);
                log += zi * logRatio - deviation - 0.5 * logRatio;
            }
            corrections += correction(zi) - correction(ai);
        }
        log += -0.5 * (arms - 1) * Math.log1p(n / a);
        double logBayesFactor = log + corrections;
        double pValue = logBayesFactor <= 0.0 ? 1.0 : Math.exp(-logBayesFactor);
        return new SrmEvidence(logBayesFactor, pValue);
    }

    /**
     * Evidence of independent streams, one per configuration version: Bayes factors of independent data multiply,
     * so their logarithms add. An impossible part makes the whole impossible; no parts is no evidence.
     */
    public static SrmEvidence combine(List<SrmEvidence> parts) {
        if (parts == null || parts.isEmpty()) {
            return new SrmEvidence(0.0, 1.0);
        }
        double sum = 0.0;
        for (SrmEvidence part : parts) {
            if (part.logBayesFactor() >= IMPOSSIBLE_LOG_BAYES_FACTOR) {
                return new SrmEvidence(IMPOSSIBLE_LOG_BAYES_FACTOR, 0.0);
            }
            sum += part.logBayesFactor();
        }
        return new SrmEvidence(sum, sum <= 0.0 ? 1.0 : Math.exp(-sum));
    }

    /**
     * h(ε) = (1 + ε)·ln(1 + ε) − ε for |ε| &lt; ½ without cancellation: with v = ε/(2 + ε),
     * h = ε·v + 2(1 + ε)(v³/3 + v⁵/5 + …) (as in Loader's binomial deviance).
     */
    static double deviance(double epsilon) {
        double v = epsilon / (2.0 + epsilon);
        double v2 = v * v;
        double power = v * v2;
        double series = 0.0;
        for (int k = 3; k < 200; k += 2) {
            double term = power / k;
            series += term;
            if (Math.abs(term) <= 1e-17 * Math.abs(series)) {
                break;
            }
            power *= v2;
        }
        return epsilon * v + 2.0 * (1.0 + epsilon) * series;
    }

    /** lnΓ(z) − ((z − ½)ln z − z + ½ln 2π): the Stirling series from 10 on, the difference of the two below. */
    static double correction(double z) {
        if (z >= STIRLING_FROM) {
            double r = 1.0 / z;
            double r2 = r * r;
            return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188)))));
        }
        return Gamma.logGamma(z) - ((z - 0.5) * Math.log(z) - z + HALF_LN_2PI);
    }
}
