package dev.verdict.stats;

import java.util.List;

/**
 * Challenger against champion over several configuration versions (strata), so that a traffic split that changed
 * during the experiment cannot manufacture a difference (Simpson's paradox).
 *
 * <p>The estimate is the Cochran–Mantel–Haenszel weighted difference d̂ = Σ w_k d_k / Σ w_k with
 * w_k = nT·nC/(nT + nC) and d_k = xT/nT − xC/nC. The test and interval use the stratified score statistic of
 * Miettinen &amp; Nurminen (1985), without their n/(n−1) factor as in {@link ScoreInterval}:
 * S(Δ) = Σ w_k (d_k − Δ) / √(Σ w_k² Ṽ_k(Δ)), Ṽ_k(Δ) = p̃T(1−p̃T)/nT + p̃C(1−p̃C)/nC at stratum k's
 * maximum-likelihood estimate restricted to pT − pC = Δ (the pooled rate at Δ = 0). The interval is
 * {Δ : |S(Δ)| &lt; z_{1−α/2}}; its side of 0 is taken from the test's p-value and each bound is then bisected as in
 * {@link ScoreInterval}, so p &lt; 1 − confidence holds exactly when the interval excludes 0. With one usable stratum
 * the result is {@link TwoProportionZTest} and {@link ScoreInterval} themselves.
 */
public final class StratifiedComparison {


    private StratifiedComparison() {
    }

    /**
     * @throws IllegalArgumentException when {@code strata} or one of its elements is null
     */
    public static StratifiedResult compare(List<Stratum> strata, double confidence) {
        Strata.requireNonNull(strata);
        if (!Reasons.validConfidence(confidence)) {
            return StratifiedResult.unavailable(Reasons.INVALID_INPUT);
        }
        int usable = Strata.usableCount(strata);
        if (usable == 0) {
            return StratifiedResult.unavailable(Reasons.EMPTY_ARM);
        }
        if (usable == 1) {
            return single(strata, confidence);
        }
        double weightSum = Strata.weightSum(strata);
        double weighted = Strata.weightedDifferenceSum(strata);
        double difference = Math.max(-1.0, Math.min(1.0, weighted / weightSum));
        double variance = Strata.varianceSum(strata, false, 0.0);
        double z;
        String reason = null;
        if (weighted == 0.0 || !(variance > 0.0)) {
            // Every stratum all-or-nothing (pooled variance 0) means every d_k is 0 as well.
            z = 0.0;
            reason = variance > 0.0 ? null : Reasons.ZERO_VARIANCE;
        } else {
            z = weighted / Math.sqrt(variance);
        }
        double pValue = Normal.twoSidedPValue(z);
        boolean significant = pValue < 1.0 - confidence;
        double critical = Normal.twoSidedCritical(confidence);
        double lower;
        double upper;
        if (Strata.mostlyConverted(strata)) {
            Score mirrored = new Score(strata, true, -weighted, weightSum);
            double[] b = ScoreInterval.bounds(mirrored::at, -difference, significant, critical);
            lower = -b[1];
            upper = -b[0];
        } else {
            double[] b = ScoreInterval.bounds(new Score(strata, false, weighted, weightSum)::at, difference,
                    significant, critical);
            lower = b[0];
            upper = b[1];
        }
        return new StratifiedResult(difference, z, pValue, lower, upper, reason);
    }

    private static StratifiedResult single(List<Stratum> strata, double confidence) {
        Stratum s = strata.stream().filter(Stratum::usable).findFirst().orElseThrow();
        long nT = s.treatmentSamples();
        long xT = s.treatmentConversions();
        long nC = s.controlSamples();
        long xC = s.controlConversions();
        ZTestResult test = TwoProportionZTest.test(nT, xT, nC, xC);
        DifferenceInterval interval = ScoreInterval.difference(nT, xT, nC, xC, confidence);
        double difference = new ScoreStatistic(nT, xT, nC, xC).observedDifference();
        return new StratifiedResult(difference, test.zScore(), test.pValue(), interval.lower(), interval.upper(),
                test.reason());
    }

    /** S(Δ) over the strata, on conversions or (mirrored) on failures. */
    private record Score(List<Stratum> strata, boolean mirrored, double weighted, double weightSum) {

        double at(double delta) {
            double numerator = Math.fma(-delta, weightSum, weighted);
            if (numerator == 0.0) {
                return 0.0;
            }
            double variance = Strata.varianceSum(strata, mirrored, delta);
            if (!(variance > 0.0)) {
                return numerator > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
            return numerator / Math.sqrt(variance);
        }
    }
}
