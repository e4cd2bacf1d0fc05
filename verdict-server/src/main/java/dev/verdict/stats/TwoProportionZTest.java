package dev.verdict.stats;

/** Pooled two-sided z-test of pT = pC for treatment (T) against control (C). */
public final class TwoProportionZTest {

    private TwoProportionZTest() {
    }

    /**
     * z = (pT − pC)/√(p̂(1−p̂)(1/nT + 1/nC)) with the pooled p̂, and p = 2·Φ(−|z|). Algebraically
     * z = (xT·nC − xC·nT)·√(N / (x·(N−x)·nT·nC)) with N = nT + nC and x = xT + xC; the numerator is formed
     * exactly in long arithmetic when it fits, so nearly equal rates on a billion trials do not cancel.
     * If both arms converted completely or not at all the variance is zero: z = 0, p = 1, reason ZERO_VARIANCE.
     */
    public static ZTestResult test(long nT, long xT, long nC, long xC) {
        if (Reasons.invalidCounts(nT, xT) || Reasons.invalidCounts(nC, xC)) {
            return ZTestResult.unavailable(Reasons.INVALID_INPUT);
        }
        if (nT == 0 || nC == 0) {
            return ZTestResult.unavailable(Reasons.EMPTY_ARM);
        }
        double z = zScore(nT, xT, nC, xC);
        if (Double.isNaN(z)) {
            return new ZTestResult(0.0, 1.0, Reasons.ZERO_VARIANCE);
        }
        return new ZTestResult(z, Normal.twoSidedPValue(z), null);
    }

    /** The pooled z statistic for valid, non-empty arms; NaN when the pooled variance is zero. */
    static double zScore(long nT, long xT, long nC, long xC) {
        if ((xT == 0 && xC == 0) || (xT == nT && xC == nC)) {
            return Double.NaN;
        }
        double total = (double) nT + (double) nC;
        double conversions = (double) xT + (double) xC;
        double failures = (double) (nT - xT) + (double) (nC - xC);
        double numerator = crossDifference(xT, nC, xC, nT);
        double scale = total / (conversions * failures) / nT / nC;
        return numerator * Math.sqrt(scale);
    }

    /** a·b − c·d, exactly when it fits in a long. */
    static double crossDifference(long a, long b, long c, long d) {
        try {
            return Math.subtractExact(Math.multiplyExact(a, b), Math.multiplyExact(c, d));
        } catch (ArithmeticException overflow) {
            return Math.fma((double) a, (double) b, -((double) c * (double) d));
        }
    }
}
