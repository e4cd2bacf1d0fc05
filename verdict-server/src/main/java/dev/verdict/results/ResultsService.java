package dev.verdict.results;


import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.assignment.AssignmentService;
import dev.verdict.core.BucketLayout;
import dev.verdict.assignment.UnitCount;
import dev.verdict.common.DomainException;
import dev.verdict.common.Timestamps;
import dev.verdict.event.EventType;
import dev.verdict.event.Events;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentSnapshot;
import dev.verdict.outcome.OutcomeCount;
import dev.verdict.outcome.OutcomeService;
import dev.verdict.decision.ChallengerEvidence;
import dev.verdict.decision.PolicyInput;
import dev.verdict.decision.PromotionDecision;
import dev.verdict.decision.PromotionPolicy;
import dev.verdict.results.ExperimentResults.Comparison;
import dev.verdict.results.ExperimentResults.PromotionBlock;
import dev.verdict.results.ExperimentResults.RequiredSampleSize;
import dev.verdict.results.ExperimentResults.SampleSizeUsed;
import dev.verdict.results.ExperimentResults.Srm;
import dev.verdict.results.ExperimentResults.UpliftResult;
import dev.verdict.results.ExperimentResults.VariantResult;
import dev.verdict.results.ExperimentResults.VersionArm;
import dev.verdict.results.ExperimentResults.VersionResult;
import dev.verdict.results.SequentialEvidenceRepository.Extremes;
import dev.verdict.stats.BetaComparison;
import dev.verdict.stats.ChiSquareResult;
import dev.verdict.stats.Holm;
import dev.verdict.stats.RateInterval;
import dev.verdict.stats.SampleRatio;
import dev.verdict.stats.SampleSizes;
import dev.verdict.stats.SequentialReadiness;
import dev.verdict.stats.SequentialResult;
import dev.verdict.stats.SequentialSampleRatio;
import dev.verdict.stats.SequentialTest;
import dev.verdict.stats.SrmEvidence;
import dev.verdict.stats.StratifiedComparison;
import dev.verdict.stats.StratifiedResult;
import dev.verdict.stats.Stratum;
import dev.verdict.stats.Wilson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the results document from counters only, so reading results costs the same for 100 customers as for
 * 10 million. The unit is a customer in the arm and configuration version of its first assignment in the phase;
 * every comparison is stratified by configuration version (ADR 009), so a split change cannot create an effect.
 * Each look at the current phase tightens the stored running extremes of the sequential evidence, and the promotion
 * decision is taken from them.
 */
@Service
public class ResultsService {

    private final ExperimentService experiments;
    private final AssignmentService assignments;
    private final OutcomeService outcomes;
    private final SequentialEvidenceRepository evidence;
    private final PromotionPolicy policy = new PromotionPolicy();
    /**
     * The exact Beta comparison costs a few hundred microseconds for large arms (quadrature); it is a pure function
     * of four counts, so an experiment whose counts have not moved since the last read is answered from memory.
     */
    private final Cache<List<Long>, Double> beatProbabilities = Caffeine.newBuilder().maximumSize(10_000).build();
    /** Mismatch episodes this instance knows are already published (the outbox's dedupe key is the authority). */
    private final Cache<String, Boolean> srmRaised = Caffeine.newBuilder().maximumSize(10_000).build();
    private final JsonMapper json;
    private final Clock clock;
    private final Events events;
    private final TransactionTemplate transactions;
    private final long promotionMinSamples;
    private final double promotionAlpha;

    ResultsService(ExperimentService experiments, AssignmentService assignments, OutcomeService outcomes,
                   SequentialEvidenceRepository evidence, JsonMapper json, Clock clock, Events events,
                   TransactionTemplate transactions, PromotionProperties promotion) {
        this.experiments = experiments;
        this.assignments = assignments;
        this.outcomes = outcomes;
        this.evidence = evidence;
        this.json = json;
        this.clock = clock;
        this.events = events;
        this.transactions = transactions;
        this.promotionMinSamples = promotion.minSamples();
        this.promotionAlpha = promotion.alpha();
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
        JsonNode stored = e.resultsJson() == null ? null : json.readTree(e.resultsJson());
        List<UnitCount> units = assignments.counts(e.tenantId(), e.id(), phase);
        if (units.isEmpty()) {
            return ExperimentResults.withoutData(e.id(), e.key(), phase, e.phase(), stored);
        }
        boolean current = phase == e.phase();
        List<Map.Entry<Integer, Map<String, Double>>> versions = experiments.configurationVersions(e.tenantId(),
                e.id(), phase).stream().map(v -> Map.entry(v.version(), v.shares())).toList();
        Scoreboard board = Scoreboard.of(units, outcomes.counts(e.tenantId(), e.id(), phase, query.outcome()));
        Map<String, Arm> arms = arms(snapshot, phase, versions, board);
        Map<String, Extremes> running = evidence.find(e.tenantId(), e.id(), phase);

        List<VariantResult> variants = new ArrayList<>();
        for (Arm arm : arms.values()) {
            Scoreboard.Totals t = board.totals(arm.variant());
            RateInterval wilson = Wilson.interval(t.samples(), t.conversions(), query.confidence());
            variants.add(VariantResult.of(arm.variant(), arm.modelId(), arm.modelKey(), arm.share(), t, wilson));
        }
        Map<String, VariantResult> byVariant = new LinkedHashMap<>();
        variants.forEach(v -> byVariant.put(v.variant(), v));

        double alpha = query.alpha();
        VariantResult champion = byVariant.get(BucketLayout.CHAMPION);
        Double baseline = query.baselineRate() != null ? query.baselineRate()
                : champion == null ? null : champion.conversionRate();
        double mde = query.mde() != null ? query.mde() : e.promoteThreshold().doubleValue();
        Instant now = Timestamps.millis(clock.instant());
        Srm srm = srm(e, phase, versions, board, running, current, now);
        List<Comparison> comparisons = comparisons(e, phase, arms, byVariant, board, query, baseline, mde, running,
                current, now);
        return ExperimentResults.live(e.id(), e.key(), phase, e.phase(), query, stored, variants,
                uplift(byVariant, board, query), comparisons, versions(versions, board), srm,
                new SampleSizeUsed(baseline, mde, alpha, query.power()),
                current ? promotion(e, byVariant, arms, comparisons, srm) : null);
    }

    /** An arm of the phase: configured share of all traffic (null when not in the configuration any more). */
    private record Arm(String variant, String modelId, String modelKey, Double share) { }

    private Map<String, Arm> arms(ExperimentSnapshot snapshot, int phase,
                                  List<Map.Entry<Integer, Map<String, Double>>> versions, Scoreboard board) {
        Experiment e = snapshot.experiment();
        Map<String, Arm> arms = new LinkedHashMap<>();
        if (phase == e.phase()) {
            snapshot.layout().expectedShares().forEach((variant, share) -> {
                ExperimentSnapshot.VariantModel vm = snapshot.variants().get(variant);
                arms.put(variant, new Arm(variant, vm == null ? null : vm.modelId(), vm == null ? null
                        : vm.modelKey(), share));
            });
        } else if (!versions.isEmpty()) {
            // The arms and models of the phase as it ended, not of today's configuration.
            Map<String, ExperimentSnapshot.VariantModel> models = experiments.phaseModels(e.tenantId(), e.id(), phase);
            versions.get(versions.size() - 1).getValue().forEach((variant, share) -> {
                ExperimentSnapshot.VariantModel vm = models.get(variant);
                arms.put(variant, new Arm(variant, vm == null ? null : vm.modelId(),
                        vm == null ? (variant.startsWith("__") ? null : variant) : vm.modelKey(), share));
            });
        }
        if (arms.containsKey(BucketLayout.HOLDOUT) && arms.get(BucketLayout.HOLDOUT).share() == 0.0
                && board.totals(BucketLayout.HOLDOUT).samples() == 0) {
            arms.remove(BucketLayout.HOLDOUT);
        }
        for (String variant : new TreeSet<>(board.variants())) {
            arms.putIfAbsent(variant, new Arm(variant, null, variant.startsWith("__") ? null : variant, null));
        }
        return arms;
    }

    private UpliftResult uplift(Map<String, VariantResult> byVariant, Scoreboard board, ResultsQuery query) {
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
        Double rateT = nT == 0 ? null : (double) xT / nT;
        Double rateC = holdout.conversionRate();
        if (nT < query.minSamples() || holdout.samples() < query.minSamples()) {
            return UpliftResult.insufficient(rateT, rateC, nT, holdout.samples());
        }
        StratifiedResult r = StratifiedComparison.compare(board.servedAgainstHoldout(), query.confidence());
        return UpliftResult.of(rateT, rateC, r, relative(r.difference(), rateC), excludesZero(r), nT,
                holdout.samples());
    }

    private List<Comparison> comparisons(Experiment e, int phase, Map<String, Arm> arms,
                                         Map<String, VariantResult> byVariant, Scoreboard board, ResultsQuery query,
                                         Double baseline, double mde, Map<String, Extremes> running,
                                         boolean current, Instant now) {
        VariantResult champion = byVariant.get(BucketLayout.CHAMPION);
        Arm championArm = arms.get(BucketLayout.CHAMPION);
        // The family: every challenger of the phase's configuration (and any other arm with units), tested or not;
        // an untested one counts with p = 1 and shows no adjusted p-value.
        List<VariantResult> challengers = byVariant.values().stream()
                .filter(v -> !v.variant().startsWith("__")).toList();
        if (champion == null || challengers.isEmpty()) {
            return List.of();
        }
        int k = challengers.size();
        double alpha = query.alpha();
        double[] p = new double[k];
        boolean[] insufficient = new boolean[k];
        List<List<Stratum>> strata = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            VariantResult t = challengers.get(i);
            strata.add(board.against(t.variant(), BucketLayout.CHAMPION));
            insufficient[i] = t.samples() < query.minSamples() || champion.samples() < query.minSamples();
            Double pi = insufficient[i] ? null
                    : StratifiedComparison.compare(strata.get(i), query.confidence()).pValue();
            p[i] = pi == null ? Double.NaN : pi;
        }
        double[] adjusted = Holm.adjust(p);
        double[] levels = Holm.intervalLevels(p, alpha);
        double tau = e.promoteThreshold().doubleValue();
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            VariantResult t = challengers.get(i);
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
                    champion.conversions()), c -> BetaComparison.probabilityToBeat(c.get(0), c.get(1), c.get(2),
                    c.get(3)));
            Extremes seq = sequential(e, phase, t, champion, strata.get(i), tau, k, running, current, now);
            double alwaysValidLevel = 1 - promotionAlpha / k;
            if (insufficient[i]) {
                Double difference = StratifiedComparison.compare(strata.get(i), query.confidence()).difference();
                out.add(Comparison.insufficient(t, champion, difference,
                        relative(difference, champion.conversionRate()), beat, required, progress, seq,
                        alwaysValidLevel));
                continue;
            }
            StratifiedResult r = StratifiedComparison.compare(strata.get(i), 1.0 - levels[i]);
            out.add(Comparison.tested(t, champion, r, relative(r.difference(), champion.conversionRate()),
                    adjusted[i], excludesZero(r), 1.0 - levels[i], beat, required, progress, seq,
                    alwaysValidLevel));
        }
        return out;
    }

    /**
     * This look's sequential evidence for a challenger merged into the phase's running extremes (recorded when the
     * phase is current and the test is ready); null when nothing has been recorded yet.
     */
    private Extremes sequential(Experiment e, int phase, VariantResult t, VariantResult champion,
                                List<Stratum> strata, double tau, int k, Map<String, Extremes> running,
                                boolean current, Instant now) {
        Extremes before = running.get(t.variant());
        if (!current || !SequentialReadiness.ready(t.samples(), t.conversions(), champion.samples(),
                champion.conversions(), promotionMinSamples)) {
            return before;
        }
        SequentialResult look = SequentialTest.evaluate(strata, tau, k, promotionAlpha);
        Extremes now0 = new Extremes(look.pValue(), look.lower(), look.upper());
        Extremes after = before == null ? now0 : before.with(look.pValue(), look.lower(), look.upper());
        if (after.tighterThan(before)) {
            evidence.tighten(e.tenantId(), e.id(), phase, t.variant(), now0, now);
        }
        return after;
    }

    private static boolean excludesZero(StratifiedResult r) {
        return r.ciLower() != null && r.ciUpper() != null && (r.ciLower() > 0 || r.ciUpper() < 0);
    }

    private static Double relative(Double difference, Double controlRate) {
        return difference == null || controlRate == null || controlRate == 0 ? null : difference / controlRate;
    }

    private static RequiredSampleSize required(Double baseline, double mde, double alpha, double power,
                                               Double treatmentShare, Double controlShare) {
        if (baseline == null) {
            return RequiredSampleSize.unavailable("NO_BASELINE");
        }
        if (treatmentShare == null || controlShare == null || treatmentShare <= 0 || controlShare <= 0) {
            return RequiredSampleSize.unavailable("NO_ALLOCATION");
        }
        return RequiredSampleSize.of(SampleSizes.twoProportions(baseline, mde, alpha, power,
                treatmentShare / controlShare));
    }

    private static List<VersionResult> versions(List<Map.Entry<Integer, Map<String, Double>>> configured,
                                                Scoreboard board) {
        Map<Integer, Map<String, Double>> shares = new TreeMap<>();
        configured.forEach(v -> shares.put(v.getKey(), v.getValue()));
        board.versions().forEach(v -> shares.putIfAbsent(v, Map.of()));
        List<VersionResult> out = new ArrayList<>();
        shares.forEach((version, split) -> {
            if (!board.versions().contains(version)) {
                return;
            }
            Map<String, Double> arms = new LinkedHashMap<>(split);
            board.variantsOf(version).forEach(v -> arms.putIfAbsent(v, null));
            List<VersionArm> rows = new ArrayList<>();
            arms.forEach((variant, share) -> {
                Scoreboard.Cell c = board.cell(version, variant);
                if (c.samples() == 0 && share != null && share == 0.0) {
                    return;
                }
                rows.add(VersionArm.of(variant, share, c));
            });
            Double srmP = split.isEmpty() ? null : versionSrm(split, board, version).pValue();
            out.add(new VersionResult(version, rows, srmP));
        });
        return out;
    }

    private static SrmEvidence versionSrm(Map<String, Double> split, Scoreboard board, int version) {
        VersionCounts c = VersionCounts.of(split, board, version);
        return SequentialSampleRatio.test(c.observed(), c.expected());
    }

    private static ChiSquareResult versionChiSquare(Map<String, Double> split, Scoreboard board, int version) {
        VersionCounts c = VersionCounts.of(split, board, version);
        return SampleRatio.goodnessOfFit(c.observed(), c.expected());
    }

    /** A version's units per arm against its configured shares (an arm outside the split has share 0). */
    private record VersionCounts(long[] observed, double[] expected) {

        static VersionCounts of(Map<String, Double> split, Scoreboard board, int version) {
            Map<String, Double> shares = new LinkedHashMap<>(split);
            board.variantsOf(version).forEach(v -> shares.putIfAbsent(v, 0.0));
            long[] observed = new long[shares.size()];
            double[] expected = new double[shares.size()];
            int i = 0;
            for (Map.Entry<String, Double> s : shares.entrySet()) {
                observed[i] = board.cell(version, s.getKey()).samples();
                expected[i] = s.getValue();
                i++;
            }
            return new VersionCounts(observed, expected);
        }
    }

    /**
     * First assignments of each configuration version against that version's own split: the sequential
     * (Dirichlet–multinomial) evidence of the versions is multiplied, and its running minimum p-value decides.
     */
    private Srm srm(Experiment e, int phase, List<Map.Entry<Integer, Map<String, Double>>> versions,
                    Scoreboard board, Map<String, Extremes> running, boolean current, Instant now) {
        List<SrmEvidence> parts = new ArrayList<>();
        List<ChiSquareResult> chi = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Double>> version : versions) {
            if (!board.versions().contains(version.getKey())) {
                continue;
            }
            parts.add(versionSrm(version.getValue(), board, version.getKey()));
            chi.add(versionChiSquare(version.getValue(), board, version.getKey()));
        }
        SrmEvidence look = SequentialSampleRatio.combine(parts);
        ChiSquareResult pearson = SampleRatio.combine(chi);
        Extremes before = running.get(SequentialEvidenceRepository.SAMPLE_RATIO);
        double p = before == null ? look.pValue() : Math.min(before.pMin(), look.pValue());
        if (current && (before == null || look.pValue() < before.pMin())) {
            evidence.tighten(e.tenantId(), e.id(), phase, SequentialEvidenceRepository.SAMPLE_RATIO,
                    new Extremes(look.pValue(), null, null), now);
        }
        Srm result = new Srm(p, p < SampleRatio.MISMATCH_P, look.logBayesFactor(), pearson.chiSquare(),
                pearson.degreesOfFreedom(), pearson.pValue());
        if (current && result.mismatch()) {
            raiseSrm(e, phase, result);
        }
        return result;
    }

    /**
     * Publishes {@code experiment.srm_detected} once per mismatch episode of a phase, by whichever look (a results
     * read, the promotion sweep, any instance) sees it first. The mismatch uses the running minimum p-value, so an
     * episode lasts until the phase ends: the dedupe key is the phase. Joins the caller's transaction if there is one.
     */
    private void raiseSrm(Experiment e, int phase, Srm srm) {
        String key = "srm_detected:" + e.id() + ":" + phase;
        if (srmRaised.getIfPresent(e.tenantId() + "|" + key) != null) {
            return;
        }
        String remembered = e.tenantId() + "|" + key;
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // Inside the caller's transaction: remembered only once it commits (a rollback takes the event too).
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            srmRaised.put(remembered, Boolean.TRUE);
                        }
                    });
        }
        transactions.executeWithoutResult(tx -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("experiment", experiments.get(e.tenantId(), e.id()));
            data.put("phase", phase);
            data.put("srm", srm);
            events.publishOnce(e.tenantId(), EventType.EXPERIMENT_SRM_DETECTED, e.id(), key, data);
        });
        if (!org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            srmRaised.put(remembered, Boolean.TRUE);
        }
    }

    private PromotionBlock promotion(Experiment e, Map<String, VariantResult> byVariant, Map<String, Arm> arms,
                                     List<Comparison> comparisons, Srm srm) {
        VariantResult champion = byVariant.get(BucketLayout.CHAMPION);
        List<ChallengerEvidence> challengers = new ArrayList<>();
        for (Comparison c : comparisons) {
            Arm arm = arms.get(c.treatment());
            if (arm != null && arm.share() != null && arm.modelId() != null) {
                challengers.add(new ChallengerEvidence(arm.modelId(), c.treatment(), c.treatmentSamples(),
                        c.uplift(), c.alwaysValidLower(), c.sequentialPValue()));
            }
        }
        PolicyInput input = new PolicyInput(e.phaseStartedAt(), e.promoteAfterDays(),
                e.promoteThreshold().doubleValue(), promotionMinSamples, srm.mismatch(),
                champion == null ? 0 : champion.samples(), challengers);
        PromotionDecision d = policy.evaluate(input, clock.instant());
        String note = !e.isActive() ? "The experiment is not active: nothing is promoted"
                : !e.autoPromote() ? "autoPromote is off: the scheduler will not act on this decision" : null;
        return new PromotionBlock(e.autoPromote(), d.promote(), d.winnerModelId(), d.winnerVariant(), d.verdicts(),
                note);
    }
}
