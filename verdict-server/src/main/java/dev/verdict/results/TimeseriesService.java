package dev.verdict.results;

import dev.verdict.assignment.AssignmentService;
import dev.verdict.core.BucketLayout;
import dev.verdict.assignment.DailyUnitCount;
import dev.verdict.common.DomainException;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.outcome.DailyOutcomeCount;
import dev.verdict.outcome.OutcomeService;
import dev.verdict.results.ExperimentTimeseries.ArmDay;
import dev.verdict.results.ExperimentTimeseries.ArmSeries;
import dev.verdict.results.ExperimentTimeseries.ComparisonDay;
import dev.verdict.results.ExperimentTimeseries.ComparisonSeries;
import dev.verdict.results.ExperimentTimeseries.VersionMarker;
import dev.verdict.stats.SequentialReadiness;
import dev.verdict.stats.SequentialResult;
import dev.verdict.stats.SequentialTest;
import dev.verdict.stats.StratifiedComparison;
import dev.verdict.stats.StratifiedResult;
import dev.verdict.stats.Stratum;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * The results of a phase over time, from the per-day counters only: each day's cumulative counts per (configuration
 * version, arm) go through the same stratified comparison and sequential test as /results.
 */
@Service
public class TimeseriesService {

    /** Ten years of days; a longer phase shows its last ten years. */
    static final int MAX_DAYS = 3_660;

    private final ExperimentService experiments;
    private final AssignmentService assignments;
    private final OutcomeService outcomes;
    private final Clock clock;
    private final long promotionMinSamples;
    private final double promotionAlpha;

    TimeseriesService(ExperimentService experiments, AssignmentService assignments, OutcomeService outcomes,
                      Clock clock, PromotionProperties promotion) {
        this.experiments = experiments;
        this.assignments = assignments;
        this.outcomes = outcomes;
        this.clock = clock;
        this.promotionMinSamples = promotion.minSamples();
        this.promotionAlpha = promotion.alpha();
    }

    public ExperimentTimeseries timeseries(String tenantId, String experimentId, ResultsQuery query) {
        Experiment e = experiments.snapshot(tenantId, experimentId).experiment();
        int phase = query.phase() == null ? e.phase() : query.phase();
        if (phase > e.phase()) {
            throw DomainException.validation("phase", "must be from 1 to the current phase " + e.phase());
        }
        List<DailyUnitCount> units = assignments.dailyCounts(tenantId, e.id(), phase);
        List<DailyOutcomeCount> converted = outcomes.dailyCounts(tenantId, e.id(), phase, query.outcome());
        List<Map.Entry<Integer, Instant>> starts = experiments.configurationVersions(tenantId, e.id(), phase).stream()
                .map(v -> Map.entry(v.version(), v.createdAt())).toList();

        TreeSet<LocalDate> known = new TreeSet<>();
        units.forEach(u -> known.add(u.day()));
        converted.forEach(o -> known.add(o.day()));
        List<VersionMarker> markers = new ArrayList<>();
        for (Map.Entry<Integer, Instant> s : starts) {
            markers.add(new VersionMarker(s.getKey(), day(s.getValue()).toString()));
        }
        List<LocalDate> days = days(e, phase, known, starts);

        // (day → version → variant → {new units, new converted units}), then running sums per (version, variant).
        TreeSet<String> variants = new TreeSet<>(ExperimentTimeseriesOrder.INSTANCE);
        Map<LocalDate, Map<Integer, Map<String, long[]>>> perDay = new TreeMap<>();
        for (DailyUnitCount u : units) {
            variants.add(u.variant());
            cell(perDay, u.day(), u.configVersion(), u.variant())[0] += u.customers();
        }
        for (DailyOutcomeCount o : converted) {
            cell(perDay, o.day(), o.counts().configVersion(), o.counts().variant())[1] += o.counts().customers();
        }
        LocalDate first = days.isEmpty() ? null : days.get(0);
        Map<Integer, Map<String, long[]>> running = new TreeMap<>();
        Map<String, List<ArmDay>> armPoints = new LinkedHashMap<>();
        variants.forEach(v -> armPoints.put(v, new ArrayList<>()));
        List<String> challengers = variants.stream().filter(v -> !v.startsWith("__")).toList();
        Map<String, List<ComparisonDay>> comparisonPoints = new LinkedHashMap<>();
        Map<String, double[]> extremes = new LinkedHashMap<>();
        challengers.forEach(c -> comparisonPoints.put(c, new ArrayList<>()));
        double tau = e.promoteThreshold().doubleValue();

        for (Map.Entry<LocalDate, Map<Integer, Map<String, long[]>>> d : perDay.entrySet()) {
            if (first != null && d.getKey().isBefore(first)) {
                add(running, d.getValue());
            }
        }
        for (LocalDate day : days) {
            Map<Integer, Map<String, long[]>> today = perDay.getOrDefault(day, Map.of());
            add(running, today);
            for (String variant : variants) {
                long fresh = 0;
                for (Map<String, long[]> row : today.values()) {
                    long[] c = row.get(variant);
                    fresh += c == null ? 0 : c[0];
                }
                long n = 0;
                long x = 0;
                for (Map<String, long[]> row : running.values()) {
                    long[] c = row.get(variant);
                    if (c != null) {
                        n += c[0];
                        x += Math.min(c[0], c[1]);
                    }
                }
                armPoints.get(variant).add(new ArmDay(day.toString(), fresh, n, x, n == 0 ? null : (double) x / n));
            }
            for (String challenger : challengers) {
                comparisonPoints.get(challenger).add(compare(day, running, challenger, challengers.size(), tau,
                        query, extremes.computeIfAbsent(challenger, k -> new double[] {
                                Double.NaN, Double.NaN, Double.NaN})));
            }
        }
        List<ArmSeries> arms = new ArrayList<>();
        armPoints.forEach((v, p) -> arms.add(new ArmSeries(v, p)));
        List<ComparisonSeries> comparisons = new ArrayList<>();
        comparisonPoints.forEach((v, p) -> comparisons.add(new ComparisonSeries(v, BucketLayout.CHAMPION, p)));
        return new ExperimentTimeseries(e.id(), e.key(), phase, e.phase(), query.outcome(), query.confidence(), tau,
                promotionAlpha, days.stream().map(LocalDate::toString).toList(), arms, comparisons, markers);
    }

    private ComparisonDay compare(LocalDate day, Map<Integer, Map<String, long[]>> running, String challenger,
                                  int k, double tau, ResultsQuery query, double[] extremes) {
        List<Stratum> strata = new ArrayList<>();
        long nT = 0;
        long xT = 0;
        long nC = 0;
        long xC = 0;
        for (Map<String, long[]> row : running.values()) {
            long[] t = row.getOrDefault(challenger, new long[2]);
            long[] c = row.getOrDefault(BucketLayout.CHAMPION, new long[2]);
            long tx = Math.min(t[0], t[1]);
            long cx = Math.min(c[0], c[1]);
            strata.add(new Stratum(t[0], tx, c[0], cx));
            nT += t[0];
            xT += tx;
            nC += c[0];
            xC += cx;
        }
        StratifiedResult r = StratifiedComparison.compare(strata, query.confidence());
        boolean enough = nT >= query.minSamples() && nC >= query.minSamples();
        if (SequentialReadiness.ready(nT, xT, nC, xC, promotionMinSamples)) {
            SequentialResult look = SequentialTest.evaluate(strata, tau, k, promotionAlpha);
            extremes[0] = Double.isNaN(extremes[0]) ? look.pValue() : Math.min(extremes[0], look.pValue());
            if (look.lower() != null) {
                extremes[1] = Double.isNaN(extremes[1]) ? look.lower() : Math.max(extremes[1], look.lower());
            }
            if (look.upper() != null) {
                extremes[2] = Double.isNaN(extremes[2]) ? look.upper() : Math.min(extremes[2], look.upper());
            }
        }
        return new ComparisonDay(day.toString(), nT, nC, r.difference(), enough ? r.ciLower() : null,
                enough ? r.ciUpper() : null, orNull(extremes[1]), orNull(extremes[2]), orNull(extremes[0]));
    }

    private List<LocalDate> days(Experiment e, int phase, TreeSet<LocalDate> known,
                                 List<Map.Entry<Integer, Instant>> starts) {
        LocalDate first = starts.isEmpty() ? null : day(starts.get(0).getValue());
        LocalDate last = known.isEmpty() ? null : known.last();
        if (!known.isEmpty() && (first == null || known.first().isBefore(first))) {
            first = known.first();
        }
        if (phase == e.phase() && e.phaseStartedAt() != null) {
            LocalDate today = day(clock.instant());
            last = last == null || today.isAfter(last) ? today : last;
        }
        if (first == null || last == null || last.isBefore(first)) {
            return List.of();
        }
        if (first.plusDays(MAX_DAYS - 1L).isBefore(last)) {
            first = last.minusDays(MAX_DAYS - 1L);
        }
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    private static long[] cell(Map<LocalDate, Map<Integer, Map<String, long[]>>> perDay, LocalDate day, int version,
                               String variant) {
        return perDay.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(version, v -> new TreeMap<>())
                .computeIfAbsent(variant, v -> new long[2]);
    }

    private static void add(Map<Integer, Map<String, long[]>> running, Map<Integer, Map<String, long[]>> day) {
        day.forEach((version, row) -> row.forEach((variant, c) -> {
            long[] r = running.computeIfAbsent(version, v -> new TreeMap<>()).computeIfAbsent(variant,
                    v -> new long[2]);
            r[0] += c[0];
            r[1] += c[1];
        }));
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Champion first, then challengers by name, the holdout last. */
    private enum ExperimentTimeseriesOrder implements java.util.Comparator<String> {
        INSTANCE;

        @Override
        public int compare(String a, String b) {
            return Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b);
        }

        private static int rank(String v) {
            return v.equals(BucketLayout.CHAMPION) ? 0 : v.equals(BucketLayout.HOLDOUT) ? 2 : 1;
        }
    }
}
