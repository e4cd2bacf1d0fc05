package dev.verdict.stats;

/**
 * Mixture sequential probability ratio test (Johari et al., "Always Valid Inference") for the difference of two
 * proportions, with a normal mixing distribution N(0, τ²) over the difference and the normal approximation of the
 * difference's sampling distribution.
 */
public final class Msprt {

    private Msprt() {
    }

    /**
     * Λ = √(V/(V+τ²))·exp(θ̂²τ²/(2V(V+τ²))) with θ̂ = pT − pC and V = pT(1−pT)/nT + pC(1−pC)/nC, computed in log
     * space so that it never overflows; never returns NaN or an infinity.
     *
     * @param tau the mixing standard deviation on the scale of a difference of proportions, in (0, 1]
     */
    public static MsprtResult twoProportions(long nT, long xT, long nC, long xC, double tau) {
        requireCounts("treatment", nT, xT);
        requireCounts("control", nC, xC);
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
        }
        if (nT == 0 || nC == 0) {
            return MsprtResult.undefined(MsprtResult.EMPTY_ARM);
        }
        double pT = (double) xT / nT;
        double pC = (double) xC / nC;
        double v = pT * (1 - pT) / nT + pC * (1 - pC) / nC;
        if (!(v > 0)) {
            return MsprtResult.undefined(MsprtResult.ZERO_VARIANCE);
        }
        double theta = pT - pC;
        double tau2 = tau * tau;
        // ln Λ = −½·ln(1 + τ²/V) + (θ̂²/(2V))·(τ²/(V+τ²)); written this way no intermediate underflows to 0
        // (V ≥ ~1/n², τ² ≤ 1) or overflows, unlike V·(V+τ²) in a denominator.
        double logLambda = -0.5 * Math.log1p(tau2 / v) + (theta * theta / (2 * v)) * (tau2 / (v + tau2));
        double lambda = Math.min(Math.exp(logLambda), Double.MAX_VALUE);
        double pValue = logLambda <= 0 ? 1.0 : Math.exp(-logLambda);
        return new MsprtResult(lambda, pValue, null, logLambda);
    }

    private static void requireCounts(String arm, long n, long x) {
        if (n < 0 || x < 0 || x > n) {
            throw new IllegalArgumentException(
                    arm + " counts must satisfy 0 <= conversions <= samples, got " + x + " of " + n);
        }
    }
}
