package dev.verdict.stats;

/** Wilson score interval for a single conversion rate. */
public final class Wilson {

    private Wilson() {
    }

    /**
     * Wilson interval for x conversions out of n trials. The lower bound is computed as the product of the two
     * roots divided by the upper root, p²/((1 + z²/n)·upper), instead of centre − half-width, which would cancel
     * catastrophically for a handful of conversions among millions of trials.
     */
    public static RateInterval interval(long n, long x, double confidence) {
        if (Reasons.invalidCounts(n, x) || !Reasons.validConfidence(confidence)) {
            return RateInterval.unavailable(Reasons.INVALID_INPUT);
        }
        if (n == 0) {
            return RateInterval.unavailable(Reasons.EMPTY_ARM);
        }
        double nn = n;
        double p = x / nn;
        double z = Normal.twoSidedCritical(confidence);
        double z2n = z * z / nn;
        double denominator = 1.0 + z2n;
        double centre = (p + z2n / 2.0) / denominator;
        double halfWidth = z / denominator * Math.sqrt(p * (1.0 - p) / nn + z2n / (4.0 * nn));
        double upper = x == n ? 1.0 : Math.min(1.0, centre + halfWidth);
        double lower = x == 0 ? 0.0 : Math.max(0.0, p * p / (denominator * upper));
        return new RateInterval(p, lower, upper, null);
    }
}
