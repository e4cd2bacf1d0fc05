package dev.verdict.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.promotion.ChallengerVerdict;
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
                                Srm srm, SampleSizeUsed sampleSize, PromotionBlock promotion) {

    /** One arm: its configured share of all traffic and what it observed. */
    public record VariantResult(String variant, String modelId, String modelKey, Double configuredPct, long samples,
                                long conversions, Double conversionRate, Double ciLower, Double ciUpper,
                                double value) { }

    /** All model-served arms pooled against the holdout. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UpliftResult(Double treatmentConversionRate, Double holdoutConversionRate, Double uplift,
                               Double relativeUplift, Double zScore, Double pValue, boolean significant,
                               long treatmentSamples, long holdoutSamples, Double ciLower, Double ciUpper,
                               boolean insufficientData, String reason) { }

    /** A challenger against the champion. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Comparison(String treatment, String treatmentModelId, String control,
                             Double treatmentConversionRate, Double controlConversionRate, Double uplift,
                             Double relativeUplift, Double zScore, Double pValue, Double adjustedPValue,
                             boolean significant, Double ciLower, Double ciUpper, long treatmentSamples,
                             long controlSamples, boolean insufficientData, Double probabilityToBeatControl,
                             RequiredSampleSize requiredSampleSize, Double progress, Double sequentialPValue,
                             String reason) { }

    /** Customers needed per arm for the configured mde, α and power. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RequiredSampleSize(Long treatment, Long control, String reason) { }

    /** The phase- and change-aware sample-ratio check. */
    public record Srm(double chiSquare, int degreesOfFreedom, double pValue, boolean mismatch) { }

    /** The inputs of the sample-size estimate. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SampleSizeUsed(Double baselineRate, double mde, double alpha, double power) { }

    /** What the auto-promotion scheduler would decide now. */
    public record PromotionBlock(boolean autoPromote, boolean promote, String winnerModelId, String winnerVariant,
                                 List<ChallengerVerdict> verdicts, String note) { }
}
