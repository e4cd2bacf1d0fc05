package dev.verdict.results;

import dev.verdict.assignment.AssignmentCount;
import dev.verdict.assignment.AssignmentService;
import dev.verdict.assignment.BucketLayout;
import dev.verdict.common.DomainException;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentSnapshot;
import dev.verdict.outcome.OutcomeCount;
import dev.verdict.outcome.OutcomeService;
import dev.verdict.promotion.ArmCounts;
import dev.verdict.promotion.ChallengerCounts;
import dev.verdict.promotion.PolicyInput;
import dev.verdict.promotion.PromotionDecision;
import dev.verdict.promotion.PromotionPolicy;
import dev.verdict.results.ExperimentResults.Comparison;
import dev.verdict.results.ExperimentResults.PromotionBlock;
import dev.verdict.results.ExperimentResults.RequiredSampleSize;
import dev.verdict.results.ExperimentResults.SampleSizeUsed;
import dev.verdict.results.ExperimentResults.Srm;
import dev.verdict.results.ExperimentResults.UpliftResult;
import dev.verdict.results.ExperimentResults.VariantResult;
import dev.verdict.stats.BetaComparison;
import dev.verdict.stats.ChiSquareResult;
import dev.verdict.stats.DifferenceInterval;
import dev.verdict.stats.Holm;
import dev.verdict.stats.Msprt;
import dev.verdict.stats.MsprtResult;
import dev.verdict.stats.RateInterval;
import dev.verdict.stats.SampleRatio;
import dev.verdict.stats.SampleSize;
import dev.verdict.stats.SampleSizes;
import dev.verdict.stats.ScoreInterval;
import dev.verdict.stats.TwoProportionZTest;
import dev.verdict.stats.Wilson;
import dev.verdict.stats.ZTestResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the results document from counters only, so reading results costs the same for 100 customers as for
 * 10 million. Also evaluates the promotion policy the scheduler applies.
 */
@Service
public class ResultsService {

    private final ExperimentService experiments;
    private final AssignmentService assignments;
    private final OutcomeService outcomes;
    private final PromotionPolicy policy = new PromotionPolicy();
    /**
     * The exact Beta comparison costs a few hundred microseconds for large arms (quadrature); it is a pure function
     * of four counts, so an experiment whose counts have not moved since the last read is answered from memory.
     */
    private final com.github.benmanes.caffeine.cache.Cache<List<Long>, Double> beatProbabilities =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();
    private final JsonMapper json;
    private final Clock clock;
    private final long promotionMinSamples;
    private final double promotionAlpha;

    ResultsService(ExperimentService experiments, AssignmentService assignments, OutcomeService outcomes,
                   JsonMapper json, Clock clock,
                   @Value("${verdict.promotion.min-samples:50}") long promotionMinSamples,
                   @Value("${verdict.promotion.alpha:0.05}") double promotionAlpha) {
        this.experiments = experiments;
        this.assignments = assignments;
        this.outcomes = outcomes;
        this.json = json;
        this.clock = clock;
        this.promotionMinSamples = promotionMinSamples;
        this.promotionAlpha = promotionAlpha;
    }

    public ExperimentResults results(String tenantId, String experimentId, ResultsQuery query) {
        return results(experiments.snapshot(tenantId, experimentId), query);
    }

    /** The results of a given snapshot (the promotion job passes an uncached one). */
    public ExperimentResults results(ExperimentSnapshot snapshot, ResultsQuery query) {
        Experiment e = snapshot.experiment();
        int phase = query.phase() == null ? e.phase() : query.phase();
        if (phase > e.phase()) {
            throw DomainException.validation("phase", "must be from 1 to the current phase " + e.phase());
        }
        List<AssignmentCount> assigned = assignments.counts(e.tenantId(), e.id(), phase);
        if (assigned.isEmpty()) {
            String source = e.resultsJson() == null ? "none" : "stored";
            return new ExperimentResults(e.id(), e.key(), source, phase, e.phase(), null, null,
                    e.resultsJson() == null ? null : json.readTree(e.resultsJson()), null, null, null, null, null,
                    null);
        }
        Map<String, Long> samples = new HashMap<>();
        assigned.forEach(c -> samples.merge(c.variant(), c.customers(), Long::sum));
        Map<String, OutcomeCount> converted = new HashMap<>();
        outcomes.counts(e.tenantId(), e.id(), phase, query.outcome()).forEach(o -> converted.put(o.variant(), o));
        Map<String, Arm> arms = arms(snapshot, phase, samples);

        List<VariantResult> variants = new ArrayList<>();
        for (Arm arm : arms.values()) {
            long n = samples.getOrDefault(arm.variant(), 0L);
            OutcomeCount oc = converted.get(arm.variant());
            long x = Math.min(n, oc == null ? 0 : oc.customers());
            RateInterval wilson = Wilson.interval(n, x, query.confidence());
            variants.add(new VariantResult(arm.variant(), arm.modelId(), arm.modelKey(),
                    arm.share() == null ? null : arm.share() * 100, n, x, wilson.rate(), wilson.lower(),
                    wilson.upper(), oc == null ? 0.0 : oc.valueSum()));
        }
        Map<String, VariantResult> byVariant = new LinkedHashMap<>();
        variants.forEach(v -> byVariant.put(v.variant(), v));

        double alpha = 1 - query.confidence();
        VariantResult champion = byVariant.get(BucketLayout.CHAMPION);
        Double baseline = query.baselineRate() != null ? query.baselineRate()
                : champion == null ? null : champion.conversionRate();
        double mde = query.mde() != null ? query.mde() : e.promoteThreshold().doubleValue();
        Srm srm = srm(e, phase, assigned);
        List<Comparison> comparisons = comparisons(e, arms, byVariant, query, alpha, baseline, mde);
        return new ExperimentResults(e.id(), e.key(), "live", phase, e.phase(), query.outcome(), query.confidence(),
                e.resultsJson() == null ? null : json.readTree(e.resultsJson()), variants,
                uplift(byVariant, arms, query, alpha), comparisons, srm,
                new SampleSizeUsed(baseline, mde, alpha, query.power()),
                phase == e.phase() ? promotion(e, byVariant, arms, srm) : null);
    }

    /** An arm of the phase: configured share of all traffic (null when not in the configuration any more). */
    private record Arm(String variant, String modelId, String modelKey, Double share) { }

    private Map<String, Arm> arms(ExperimentSnapshot snapshot, int phase, Map<String, Long> samples) {
        Experiment e = snapshot.experiment();
        Map<String, Arm> arms = new LinkedHashMap<>();
        if (phase == e.phase()) {
            snapshot.layout().expectedShares().forEach((variant, share) -> {
                ExperimentSnapshot.VariantModel vm = snapshot.variants().get(variant);
                arms.put(variant, new Arm(variant, vm == null ? null : vm.modelId(), vm == null ? null
                        : vm.modelKey(), share));
            });
        } else {
            List<Map.Entry<Integer, Map<String, Double>>> versions = experiments.configVersions(e.tenantId(), e.id(),
                    phase);
            if (!versions.isEmpty()) {
                // The arms and models of the phase as it ended, not of today's configuration.
                Map<String, ExperimentSnapshot.VariantModel> models = experiments.phaseModels(e.tenantId(), e.id(),
                        phase);
                versions.get(versions.size() - 1).getValue().forEach((variant, share) -> {
                    ExperimentSnapshot.VariantModel vm = models.get(variant);
                    arms.put(variant, new Arm(variant, vm == null ? null : vm.modelId(),
                            vm == null ? (variant.startsWith("__") ? null : variant) : vm.modelKey(), share));
                });
            }
        }
        if (arms.containsKey(BucketLayout.HOLDOUT) && arms.get(BucketLayout.HOLDOUT).share() == 0.0
                && samples.getOrDefault(BucketLayout.HOLDOUT, 0L) == 0) {
            arms.remove(BucketLayout.HOLDOUT);
        }
        for (String variant : new TreeSet<>(samples.keySet())) {
            arms.putIfAbsent(variant, new Arm(variant, null, variant.startsWith("__") ? null : variant, null));
        }
        return arms;
    }

    private UpliftResult uplift(Map<String, VariantResult> byVariant, Map<String, Arm> arms, ResultsQuery query,
                                double alpha) {
        VariantResult holdout = byVariant.get(BucketLayout.HOLDOUT);
        if (holdout == null) {
            return null;
        }
        long nT = 0;
        long xT = 0;
        for (VariantResult v : byVariant.values()) {
            if (!v.variant().equals(BucketLayout.HOLDOUT)) {
                nT += v.samples();
                xT += v.conversions();
            }
        }
        Pair p = pair(nT, xT, holdout.samples(), holdout.conversions(), query, alpha);
        return new UpliftResult(p.rateT, p.rateC, p.uplift, p.relative, p.z, p.p, p.significant(alpha, p.p), nT,
                holdout.samples(), p.lower, p.upper, p.insufficient, p.reason);
    }

    private List<Comparison> comparisons(Experiment e, Map<String, Arm> arms, Map<String, VariantResult> byVariant,
                                         ResultsQuery query, double alpha, Double baseline, double mde) {
        VariantResult champion = byVariant.get(BucketLayout.CHAMPION);
        Arm championArm = arms.get(BucketLayout.CHAMPION);
        List<VariantResult> challengers = byVariant.values().stream()
                .filter(v -> !v.variant().startsWith("__")).toList();
        if (champion == null || challengers.isEmpty()) {
            return List.of();
        }
        List<Pair> pairs = new ArrayList<>();
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < challengers.size(); i++) {
            VariantResult t = challengers.get(i);
            Pair p = pair(t.samples(), t.conversions(), champion.samples(), champion.conversions(), query, alpha);
            pairs.add(p);
            if (p.p != null) {
                tested.add(i);
            }
        }
        double[] raw = tested.stream().mapToDouble(i -> pairs.get(i).p).toArray();
        double[] adjusted = raw.length == 0 ? raw : Holm.adjust(raw);
        Double[] adjustedByIndex = new Double[challengers.size()];
        for (int k = 0; k < tested.size(); k++) {
            adjustedByIndex[tested.get(k)] = adjusted[k];
        }
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < challengers.size(); i++) {
            VariantResult t = challengers.get(i);
            Pair p = pairs.get(i);
            Arm arm = arms.get(t.variant());
            RequiredSampleSize required = required(baseline, mde, alpha, query.power(),
                    arm == null ? null : arm.share(), championArm == null ? null : championArm.share());
            Double progress = null;
            if (required.treatment() != null && required.control() != null) {
                progress = Math.min(1.0, Math.min((double) t.samples() / Math.max(1, required.treatment()),
                        (double) champion.samples() / Math.max(1, required.control())));
            }
            Double beat = t.samples() == 0 || champion.samples() == 0 ? null
                    : beatProbabilities.get(List.of(t.samples(), t.conversions(), champion.samples(),
                    champion.conversions()), k -> BetaComparison.probabilityToBeat(k.get(0), k.get(1), k.get(2),
                    k.get(3)));
            MsprtResult msprt = Msprt.twoProportions(t.samples(), t.conversions(), champion.samples(),
                    champion.conversions(), e.promoteThreshold().doubleValue());
            Double adj = adjustedByIndex[i];
            out.add(new Comparison(t.variant(), t.modelId(), BucketLayout.CHAMPION, p.rateT, p.rateC, p.uplift,
                    p.relative, p.z, p.p, adj, adj != null && adj < alpha, p.lower, p.upper, t.samples(),
                    champion.samples(), p.insufficient, beat, required, progress, msprt.sequentialPValue(),
                    p.reason));
        }
        return out;
    }

    private static RequiredSampleSize required(Double baseline, double mde, double alpha, double power,
                                               Double treatmentShare, Double controlShare) {
        if (baseline == null) {
            return new RequiredSampleSize(null, null, "NO_BASELINE");
        }
        if (treatmentShare == null || controlShare == null || treatmentShare <= 0 || controlShare <= 0) {
            return new RequiredSampleSize(null, null, "NO_ALLOCATION");
        }
        SampleSize s = SampleSizes.twoProportions(baseline, mde, alpha, power, treatmentShare / controlShare);
        return new RequiredSampleSize(s.treatment(), s.control(), s.reason());
    }

    /** Rates, z-test and score interval of treatment against control, honouring minSamples. */
    private static Pair pair(long nT, long xT, long nC, long xC, ResultsQuery query, double alpha) {
        Pair p = new Pair();
        p.rateT = nT == 0 ? null : (double) xT / nT;
        p.rateC = nC == 0 ? null : (double) xC / nC;
        p.uplift = p.rateT == null || p.rateC == null ? null : p.rateT - p.rateC;
        p.relative = p.uplift == null || p.rateC == 0 ? null : p.uplift / p.rateC;
        p.insufficient = nT < query.minSamples() || nC < query.minSamples();
        if (p.insufficient) {
            p.reason = "INSUFFICIENT_DATA";
            return p;
        }
        ZTestResult z = TwoProportionZTest.test(nT, xT, nC, xC);
        DifferenceInterval ci = ScoreInterval.difference(nT, xT, nC, xC, query.confidence());
        p.z = z.zScore();
        p.p = z.pValue();
        p.lower = ci.lower();
        p.upper = ci.upper();
        p.reason = z.reason() != null ? z.reason() : ci.reason();
        return p;
    }

    private static final class Pair {
        Double rateT;
        Double rateC;
        Double uplift;
        Double relative;
        Double z;
        Double p;
        Double lower;
        Double upper;
        boolean insufficient;
        String reason;

        boolean significant(double alpha, Double pValue) {
            return pValue != null && pValue < alpha;
        }
    }

    /** Per configuration version, its new assignments against its own split; the statistics are summed. */
    private Srm srm(Experiment e, int phase, List<AssignmentCount> assigned) {
        List<ChiSquareResult> parts = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Double>> version : experiments.configVersions(e.tenantId(), e.id(),
                phase)) {
            Map<String, Double> shares = new LinkedHashMap<>(version.getValue());
            Map<String, Long> observed = new LinkedHashMap<>();
            shares.keySet().forEach(v -> observed.put(v, 0L));
            boolean any = false;
            for (AssignmentCount c : assigned) {
                if (c.configVersion() == version.getKey()) {
                    observed.merge(c.variant(), c.customers(), Long::sum);
                    shares.putIfAbsent(c.variant(), 0.0);
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            long[] obs = new long[shares.size()];
            double[] exp = new double[shares.size()];
            int i = 0;
            for (Map.Entry<String, Double> s : shares.entrySet()) {
                obs[i] = observed.getOrDefault(s.getKey(), 0L);
                exp[i] = s.getValue();
                i++;
            }
            parts.add(SampleRatio.goodnessOfFit(obs, exp));
        }
        ChiSquareResult combined = SampleRatio.combine(parts);
        return new Srm(combined.chiSquare(), combined.degreesOfFreedom(), combined.pValue(), combined.mismatch());
    }

    private PromotionBlock promotion(Experiment e, Map<String, VariantResult> byVariant, Map<String, Arm> arms,
                                     Srm srm) {
        VariantResult champion = byVariant.get(BucketLayout.CHAMPION);
        List<ChallengerCounts> challengers = new ArrayList<>();
        for (VariantResult v : byVariant.values()) {
            Arm arm = arms.get(v.variant());
            if (!v.variant().startsWith("__") && arm != null && arm.share() != null && arm.modelId() != null) {
                challengers.add(new ChallengerCounts(arm.modelId(), v.variant(), v.samples(), v.conversions()));
            }
        }
        PolicyInput input = new PolicyInput(e.phaseStartedAt(), e.promoteAfterDays(),
                e.promoteThreshold().doubleValue(), promotionMinSamples, promotionAlpha, srm.mismatch(),
                champion == null ? new ArmCounts(0, 0) : new ArmCounts(champion.samples(), champion.conversions()),
                challengers);
        PromotionDecision d = policy.evaluate(input, clock.instant());
        String note = !e.isActive() ? "The experiment is not active: nothing is promoted"
                : !e.autoPromote() ? "autoPromote is off: the scheduler will not act on this decision" : null;
        return new PromotionBlock(e.autoPromote(), d.promote(), d.winnerModelId(), d.winnerVariant(), d.verdicts(),
                note);
    }
}
