package dev.verdict.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.decision.ChallengerVerdict;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The /results document. {@code source} is "live" when the phase has assignment data; otherwise the stored results
 * object ("stored") or nothing ("none"), and the live sections are absent.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ExperimentResults(String experimentId, String experimentKey, String source, Integer phase,
                                Integer currentPhase, String outcome, Double confidence, JsonNode results,
                                List<VariantResult> variants, UpliftResult uplift, List<Comparison> comparisons,
                                List<VersionResult> versions, Srm srm, SampleSizeUsed sampleSize,
                                PromotionBlock promotion) {

    /** A phase without live data: the stored results object, if any. */
    static ExperimentResults withoutData(String experimentId, String experimentKey, int phase, int currentPhase,
                                         JsonNode stored) {
        return new ExperimentResults(experimentId, experimentKey, stored == null ? "none" : "stored", phase,
                currentPhase, null, null, stored, null, null, null, null, null, null, null);
    }

    /**
     * One arm over the whole phase: its configured share of all traffic, its units (customers counted in the arm of
     * their first assignment in the phase), the units that converted, and the units later served another variant.
     */
    public record VariantResult(String variant, String modelId, String modelKey, Double configuredPct, long samples,
                                long conversions, Double conversionRate, Double ciLower, Double ciUpper,
                                double value, long crossovers) { }

    /** All model-served arms pooled against the holdout, stratified by configuration version. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UpliftResult(Double treatmentConversionRate, Double holdoutConversionRate, Double uplift,
                               Double relativeUplift, Double zScore, Double pValue, boolean significant,
                               long treatmentSamples, long holdoutSamples, Double ciLower, Double ciUpper,
                               boolean insufficientData, String reason) { }

    /**
     * A challenger against the champion. {@code uplift} is the stratified (CMH-weighted) difference; the
     * fixed-horizon interval is computed at {@code ciLevel}, the Holm level its {@code significant} flag uses, so the
     * flag is true exactly when the interval excludes 0. The always-valid interval is the running confidence
     * sequence of the sequential test that decides promotion, each bound one-sided at {@code alwaysValidLevel}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Comparison(String treatment, String treatmentModelId, String control,
                             Double treatmentConversionRate, Double controlConversionRate, Double uplift,
                             Double relativeUplift, Double zScore, Double pValue, Double adjustedPValue,
                             boolean significant, Double ciLower, Double ciUpper, Double ciLevel,
                             long treatmentSamples, long controlSamples, long treatmentCrossovers,
                             boolean insufficientData, Double probabilityToBeatControl,
                             RequiredSampleSize requiredSampleSize, Double progress, Double sequentialPValue,
                             Double alwaysValidLower, Double alwaysValidUpper, Double alwaysValidLevel,
                             String reason) { }

    /** Customers needed per arm for the configured mde, α and power. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RequiredSampleSize(Long treatment, Long control, String reason) { }

    /** One configuration version of the phase: its split and its units; version 0 holds migrated, pooled data. */
    public record VersionResult(int configVersion, List<VersionArm> arms, Double srmPValue) { }

    /** One arm within one configuration version. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VersionArm(String variant, Double configuredPct, long samples, long conversions,
                             Double conversionRate, long crossovers) { }

    /**
     * The sample-ratio check: an anytime-valid sequential test of first assignments per configuration version
     * against that version's split ({@code pValue}, its running minimum over the phase; {@code mismatch} when it is
     * below 0.001). The Pearson chi-square of the current counts is shown as a diagnostic only.
     */
    public record Srm(double pValue, boolean mismatch, double logBayesFactor, double chiSquare, int degreesOfFreedom,
                      double chiSquarePValue) { }

    /** The inputs of the sample-size estimate. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SampleSizeUsed(Double baselineRate, double mde, double alpha, double power) { }

    /** What the auto-promotion scheduler would decide now. */
    public record PromotionBlock(boolean autoPromote, boolean promote, String winnerModelId, String winnerVariant,
                                 List<ChallengerVerdict> verdicts, String note) { }
}
