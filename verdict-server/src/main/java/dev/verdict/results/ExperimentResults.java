package dev.verdict.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.decision.ChallengerVerdict;
import dev.verdict.results.SequentialEvidenceRepository.Extremes;
import dev.verdict.stats.RateInterval;
import dev.verdict.stats.SampleSize;
import dev.verdict.stats.StratifiedResult;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The /results document. {@code source} is "live" when the phase has assignment data; otherwise the stored results
 * object ("stored") or nothing ("none"), and the live sections are absent.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ExperimentResults(String experimentId, String experimentKey, String source, Integer phase,
                                Integer currentPhase, @Nullable String outcome, @Nullable Double confidence,
                                @Nullable JsonNode results, @Nullable List<VariantResult> variants,
                                @Nullable UpliftResult uplift, @Nullable List<Comparison> comparisons,
                                @Nullable List<VersionResult> versions, @Nullable Srm srm,
                                @Nullable SampleSizeUsed sampleSize, @Nullable PromotionBlock promotion) {

    /** A phase with live data; the promotion block only for the current phase (null otherwise). */
    static ExperimentResults live(String experimentId, String experimentKey, int phase, int currentPhase,
                                  ResultsQuery query, JsonNode stored, List<VariantResult> variants,
                                  UpliftResult uplift, List<Comparison> comparisons, List<VersionResult> versions,
                                  Srm srm, SampleSizeUsed sampleSize, PromotionBlock promotion) {
        return new ExperimentResults(experimentId, experimentKey, "live", phase, currentPhase, query.outcome(),
                query.confidence(), stored, variants, uplift, comparisons, versions, srm, sampleSize, promotion);
    }

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
    public record VariantResult(String variant, @Nullable String modelId, @Nullable String modelKey,
                                @Nullable Double configuredPct, long samples, long conversions,
                                @Nullable Double conversionRate, @Nullable Double ciLower, @Nullable Double ciUpper,
                                double value, long crossovers) {

        /** An arm with its configured share of all traffic (a fraction; null when unconfigured) and its totals. */
        static VariantResult of(String variant, String modelId, String modelKey, Double share, Scoreboard.Totals t,
                                RateInterval wilson) {
            return new VariantResult(variant, modelId, modelKey, share == null ? null : share * 100, t.samples(),
                    t.conversions(), wilson.rate(), wilson.lower(), wilson.upper(), t.value(), t.crossovers());
        }
    }

    /** All model-served arms pooled against the holdout, stratified by configuration version. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UpliftResult(@Nullable Double treatmentConversionRate, @Nullable Double holdoutConversionRate,
                               @Nullable Double uplift, @Nullable Double relativeUplift, @Nullable Double zScore,
                               @Nullable Double pValue, boolean significant, long treatmentSamples, long holdoutSamples,
                               @Nullable Double ciLower, @Nullable Double ciUpper, boolean insufficientData,
                               @Nullable String reason) {

        /** Too few customers on one side: the rates only. */
        static UpliftResult insufficient(Double treatmentRate, Double holdoutRate, long treatmentSamples,
                                         long holdoutSamples) {
            return new UpliftResult(treatmentRate, holdoutRate, null, null, null, null, false, treatmentSamples,
                    holdoutSamples, null, null, true, "INSUFFICIENT_DATA");
        }

        /** The stratified comparison of the served arms against the holdout. */
        static UpliftResult of(Double treatmentRate, Double holdoutRate, StratifiedResult r, Double relativeUplift,
                               boolean significant, long treatmentSamples, long holdoutSamples) {
            return new UpliftResult(treatmentRate, holdoutRate, r.difference(), relativeUplift, r.zScore(),
                    r.pValue(), significant, treatmentSamples, holdoutSamples, r.ciLower(), r.ciUpper(), false,
                    r.reason());
        }
    }

    /**
     * A challenger against the champion. {@code uplift} is the stratified (CMH-weighted) difference; the
     * fixed-horizon interval is computed at {@code ciLevel}, the Holm level its {@code significant} flag uses, so the
     * flag is true exactly when the interval excludes 0. The always-valid interval is the running confidence
     * sequence of the sequential test that decides promotion, each bound one-sided at {@code alwaysValidLevel}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Comparison(String treatment, String treatmentModelId, String control,
                             @Nullable Double treatmentConversionRate, @Nullable Double controlConversionRate,
                             @Nullable Double uplift, @Nullable Double relativeUplift, @Nullable Double zScore,
                             @Nullable Double pValue, @Nullable Double adjustedPValue, boolean significant,
                             @Nullable Double ciLower, @Nullable Double ciUpper, @Nullable Double ciLevel,
                             long treatmentSamples, long controlSamples, long treatmentCrossovers,
                             boolean insufficientData, @Nullable Double probabilityToBeatControl,
                             RequiredSampleSize requiredSampleSize, @Nullable Double progress,
                             @Nullable Double sequentialPValue, @Nullable Double alwaysValidLower,
                             @Nullable Double alwaysValidUpper, Double alwaysValidLevel, @Nullable String reason) {

        /**
         * A challenger with too few customers (or a champion with too few) for a test: rates, the point difference
         * and the sequential evidence so far, no p-values or interval.
         */
        static Comparison insufficient(VariantResult treatment, VariantResult control, Double uplift,
                                       Double relativeUplift, Double probabilityToBeatControl,
                                       RequiredSampleSize required, Double progress, Extremes sequential,
                                       double alwaysValidLevel) {
            return new Comparison(treatment.variant(), treatment.modelId(), control.variant(),
                    treatment.conversionRate(), control.conversionRate(), uplift, relativeUplift, null, null, null,
                    false, null, null, null, treatment.samples(), control.samples(), treatment.crossovers(), true,
                    probabilityToBeatControl, required, progress, sequential == null ? null : sequential.pMin(),
                    sequential == null ? null : sequential.lowerMax(),
                    sequential == null ? null : sequential.upperMin(), alwaysValidLevel, "INSUFFICIENT_DATA");
        }

        /** A tested challenger: the stratified result {@code r} at the Holm level {@code ciLevel}. */
        static Comparison tested(VariantResult treatment, VariantResult control, StratifiedResult r,
                                 Double relativeUplift, double adjustedPValue, boolean significant, double ciLevel,
                                 Double probabilityToBeatControl, RequiredSampleSize required, Double progress,
                                 Extremes sequential, double alwaysValidLevel) {
            return new Comparison(treatment.variant(), treatment.modelId(), control.variant(),
                    treatment.conversionRate(), control.conversionRate(), r.difference(), relativeUplift,
                    r.zScore(), r.pValue(), adjustedPValue, significant, r.ciLower(), r.ciUpper(), ciLevel,
                    treatment.samples(), control.samples(), treatment.crossovers(), false, probabilityToBeatControl,
                    required, progress, sequential == null ? null : sequential.pMin(),
                    sequential == null ? null : sequential.lowerMax(),
                    sequential == null ? null : sequential.upperMin(), alwaysValidLevel, r.reason());
        }
    }

    /** Customers needed per arm for the configured mde, α and power. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RequiredSampleSize(@Nullable Long treatment, @Nullable Long control, @Nullable String reason) {

        /** No estimate, and why ({@code NO_BASELINE}, {@code NO_ALLOCATION}). */
        static RequiredSampleSize unavailable(String reason) {
            return new RequiredSampleSize(null, null, reason);
        }

        static RequiredSampleSize of(SampleSize s) {
            return new RequiredSampleSize(s.treatment(), s.control(), s.reason());
        }
    }

    /** One configuration version of the phase: its split and its units; version 0 holds migrated, pooled data. */
    public record VersionResult(int configVersion, List<VersionArm> arms, @Nullable Double srmPValue) { }

    /** One arm within one configuration version. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VersionArm(String variant, @Nullable Double configuredPct, long samples, long conversions,
                             @Nullable Double conversionRate, long crossovers) {

        /** An arm's cell of one version, with its configured share of all traffic (a fraction, or null). */
        static VersionArm of(String variant, Double share, Scoreboard.Cell c) {
            return new VersionArm(variant, share == null ? null : share * 100, c.samples(), c.conversions(),
                    c.samples() == 0 ? null : (double) c.conversions() / c.samples(), c.crossovers());
        }
    }

    /**
     * The sample-ratio check: an anytime-valid sequential test of first assignments per configuration version
     * against that version's split ({@code pValue}, its running minimum over the phase; {@code mismatch} when it is
     * below 0.001). The Pearson chi-square of the current counts is shown as a diagnostic only.
     */
    public record Srm(double pValue, boolean mismatch, double logBayesFactor, double chiSquare, int degreesOfFreedom,
                      double chiSquarePValue) { }

    /** The inputs of the sample-size estimate. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SampleSizeUsed(@Nullable Double baselineRate, double mde, double alpha, double power) { }

    /** What the auto-promotion scheduler would decide now. */
    public record PromotionBlock(boolean autoPromote, boolean promote, @Nullable String winnerModelId,
                                 @Nullable String winnerVariant, List<ChallengerVerdict> verdicts,
                                 @Nullable String note) { }
}
