package dev.verdict.stats;

/** Sample sizes for detecting a difference between two conversion rates. */
public final class SampleSizes {

    /**
     * Relative slack before rounding up, so floating noise such as 100.00000000001 for an exact 100 does not cost a
     * whole extra trial. The formula's own rounding error is ~1e-15 relative; 1e-10 leaves room for it while being
     * far below one trial for any sample size that fits in a long.
     */
    static final double ROUNDING_SLACK = 1e-10;

    private SampleSizes() {
    }

    /**
     * Fleiss' formula without continuity correction (R's power.prop.test for equal arms), for a two-sided test:
     * with p1 = baseline, p2 = p1 + mde, k = nT/nC = allocationRatio, p̄ = (p1 + k·p2)/(1 + k),
     * n_C = (z_{1−α/2}·√(p̄q̄(1 + 1/k)) + z_{power}·√(p1q1 + p2q2/k))² / (p2 − p1)² and n_T = k·n_C, each rounded up
     * from its unrounded value.
     */
    public static SampleSize twoProportions(double baseline, double mdeAbsolute, double alpha, double power,
            double allocationRatio) {
        if (!(baseline >= 0.0 && baseline <= 1.0) || !Double.isFinite(mdeAbsolute) || !(alpha > 0.0 && alpha < 1.0)
                || !(power > 0.0 && power < 1.0) || !(allocationRatio > 0.0) || Double.isInfinite(allocationRatio)) {
            return SampleSize.unavailable(Reasons.INVALID_INPUT);
        }
        if (baseline == 0.0 || baseline == 1.0) {
            return SampleSize.unavailable(Reasons.BASELINE_DEGENERATE);
        }
        if (mdeAbsolute == 0.0) {
            return SampleSize.unavailable(Reasons.ZERO_EFFECT);
        }
        double p1 = baseline;
        double p2 = baseline + mdeAbsolute;
        if (!(p2 > 0.0 && p2 < 1.0)) {
            return SampleSize.unavailable(Reasons.P2_OUT_OF_RANGE);
        }
        double k = allocationRatio;
        double pBar = (p1 + k * p2) / (1.0 + k);
        double zAlpha = Normal.upperQuantile(alpha / 2.0);
        double zBeta = Normal.upperQuantile(1.0 - power);
        double root = zAlpha * Math.sqrt(pBar * (1.0 - pBar) * (1.0 + 1.0 / k))
                + zBeta * Math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2) / k);
        if (!(root > 0.0)) {
            // Only possible with power below one half, where the formula has no meaning.
            return SampleSize.unavailable(Reasons.INVALID_INPUT);
        }
        double control = root * root / (mdeAbsolute * mdeAbsolute);
        double treatment = k * control;
        Long roundedControl = roundUp(control);
        Long roundedTreatment = roundUp(treatment);
        if (roundedControl == null || roundedTreatment == null) {
            return SampleSize.unavailable(Reasons.SAMPLE_SIZE_OVERFLOW);
        }
        return new SampleSize(roundedTreatment, roundedControl, null);
    }

    static Long roundUp(double n) {
        double rounded = Math.max(1.0, Math.ceil(n - ROUNDING_SLACK * n));
        if (!(rounded < 9.0e18)) {
            return null;
        }
        return (long) rounded;
    }
}
