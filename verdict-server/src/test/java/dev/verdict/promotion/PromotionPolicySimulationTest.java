package dev.verdict.promotion;

import dev.verdict.decision.ChallengerEvidence;
import dev.verdict.decision.PolicyInput;
import dev.verdict.decision.PromotionPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.stats.SequentialReadiness;
import dev.verdict.stats.SequentialResult;
import dev.verdict.stats.SequentialTest;
import dev.verdict.stats.Stratum;
import dev.verdict.support.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulation grid that proves the promotion rule (ADR 010): seeded Monte-Carlo experiments decided exactly as
 * {@code ResultsService} and {@link PromotionPolicy} decide them, at every look.
 *
 * <p><b>Simulated experiment.</b> 2,000 new customers a day for a horizon of 28 days; promoteAfterDays 14,
 * minSamples 50, α = 0.05, promoteThreshold τ = 20 % of the base rate b. Each customer is a unit of the arm it is
 * assigned to (a multinomial draw over the configured shares) and converts with its arm's rate (Bernoulli), so per
 * look the new units of the arms are a multinomial draw and the new conversions of an arm a binomial draw: nothing is
 * simulated customer by customer, and a run's state is a few primitive arrays. Grid (108 null cells, every
 * combination): champion share 5, 20, 50, 80, 95 % with the rest split equally over the challengers; b = 0.5, 5, 30 %;
 * a look after every 50 customers or once a day; 1, 2 or 4 challengers; without or with a ramp-up (the first quarter
 * of the horizon, 7 days, at champion 90 % with the challengers sharing 10 % and base rate b, then the cell's split
 * at base rate 1.5·b: a second configuration version, hence a second stratum; no effect in either period). Under the
 * null every arm converts at the same rate.
 *
 * <p><b>Decision at each look, as production takes it.</b> The strata are one {@link Stratum} per configuration
 * version (challenger against champion). A look counts for a challenger only when
 * {@link SequentialReadiness#ready} holds on the arm totals; it then runs
 * {@link SequentialTest#evaluate}(strata, τ, k, α) and keeps the running maximum of the lower bound, and the policy
 * is applied to {@link ChallengerEvidence} built from that running bound; a run stops at its first promotion.
 * {@code evaluate} scans 256 δ and costs ~0.3 ms, so it is only called when its lower bound can reach 0, by
 * prefilters that are <em>necessary</em> conditions in the code, never heuristics:
 * <ul>
 *   <li>lower &gt; 0 needs the composite null rejected, which needs ln Λ⁺(0) ≥ ln k − ln α (the rejection takes the
 *   minimum of ln Λ⁺ over δ = 0 and the grid below 0; otherwise the bound is searched below min(θ̂, 0)). So
 *   {@link SequentialTest#logLambdaAbove}(strata, τ, 0) below that threshold means this look's bound is ≤ 0.</li>
 *   <li>ln Λ⁺(0) = ln 2 − ½ ln(1 + τ²/V) + a²/2 + ln Φ(a) ≤ ln 2 − ½ ln(1 + τ²/V) + a²/2 ≤ ln 2 + z²/2 (ln Φ ≤ 0,
 *   a ≤ z = θ̂/√V), computed here without the erfc and with a 1e-6 margin, settle most looks before
 *   {@code logLambdaAbove} is called.</li>
 *   <li>A bound is always below the estimate θ̂ (it is the rejected end of a bisection towards θ̂), so a look with
 *   θ̂ ≤ τ cannot reach τ, and once a challenger's bound has been above 0 such a look cannot change either flag.</li>
 * </ul>
 * ln Λ⁺(τ) ≥ ln(k/α) is <em>not</em> used: Λ⁺ is not monotone in δ and the bound is found by a grid scan and a
 * bisection that can step over a dip at τ, so "ln Λ⁺(τ) &lt; ln(k/α)" does not prove "lower &lt; τ".
 * {@link #thePrefiltersNeverHideABoundAboveZeroOrTheThreshold} checks the three conditions on random tables.
 *
 * <p>A look that passes them is a candidate, and {@code evaluate} runs on its counts only when a flag is needed
 * ({@link Evidence}): "ever ≥ τ" at the first look from day 14 on (newest candidate first: usually one call settles
 * it) and at each look after, "ever &gt; 0" at the end of a run. The flags are running extremes, so the order in which
 * looks are evaluated does not change them. The policy is called at each look from day 14 on at which some
 * challenger's running bound has reached τ; at every other look it cannot promote (TOO_EARLY, or each bound is ≤ 0 or
 * below τ: NOT_SIGNIFICANT or BELOW_THRESHOLD), so skipping it changes no decision. A running bound not computed
 * (known to be ≤ 0) is passed as 0.0, which the policy treats like any value ≤ 0. Which challenger wins is not
 * tracked, only whether one does.
 *
 * <p><b>Sample-ratio mismatch is ignored</b> (srmMismatch = false): it can only block promotions, so the simulated
 * promotion rates are upper bounds of production's.
 *
 * <p><b>Reported</b> per null cell: P(promote any challenger within the horizon) and P(any challenger's always-valid
 * lower bound ever &gt; 0), each with its Monte-Carlo standard error √(r(1−r)/R), or the 95 % upper bound 3/R when
 * r = 0; both must be ≤ α. Power, in the standard cell (50/50, 5 %, daily looks, 1 challenger, no ramp): a true
 * uplift of 2τ (5 % → 7 %) must be promoted within 28 days in ≥ 80 % of runs, and one of τ/2 (5 % → 5.5 %) in
 * ≤ α. Every cell has its own seed and draws from its own generator, so the results do not depend on how the cells
 * are scheduled over the cores. The table is written to target/simulation-grid.md and must equal the one in
 * docs/STATISTICS.md.
 */
class PromotionPolicySimulationTest {

    static final int CUSTOMERS_PER_DAY = 2_000;
    static final int HORIZON_DAYS = 28;
    static final int PROMOTE_AFTER_DAYS = 14;
    static final long MIN_SAMPLES = 50;
    static final double ALPHA = 0.05;
    static final double THRESHOLD_SHARE = 0.20;
    static final int RAMP_DAYS = HORIZON_DAYS / 4;
    static final double RAMP_CHAMPION_SHARE = 0.90;
    static final double RAMP_RATE_FACTOR = 1.5;

    static final double[] CHAMPION_SHARES = {0.05, 0.20, 0.50, 0.80, 0.95};
    static final double[] BASE_RATES = {0.005, 0.05, 0.30};
    static final int[] LOOK_EVERY = {50, CUSTOMERS_PER_DAY};
    static final int[] CHALLENGERS = {1, 2, 4};

    /** Runs per null cell: looks every 50 customers cost ~40 times more than daily ones. */
    static final int RUNS_FREQUENT_LOOKS = 1_000;
    static final int RUNS_DAILY_LOOKS = 4_000;
    static final int RUNS_POWER = 2_000;
    /** The power cell is simulated this long, so that the horizon reaching 80 % can be read off if 28 days do not. */
    static final int POWER_MAX_DAYS = 56;

    static final long SEED = 20_250_601L;
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final String BEGIN = "<!-- simulation-grid:begin -->";
    static final String END = "<!-- simulation-grid:end -->";
    static final String COMMAND = "./mvnw -B -ntp test -Dtest=PromotionPolicySimulationTest";

    private static final double LN2 = Math.log(2.0);

    private static List<Outcome> nullOutcomes;
    private static Outcome powerOutcome;
    private static Outcome belowThresholdOutcome;
    private static String block;
    private static long elapsedNanos;

    /** One cell of the grid: the experiment's configuration and the true uplift of every challenger. */
    record Cell(double championShare, double baseRate, int lookEvery, int challengers, boolean ramp, double uplift,
                int days, int runs) {

        double tau() {
            return THRESHOLD_SHARE * baseRate;
        }

        String label() {
            return String.format(Locale.ROOT, "champion %d %%, base %s %%, looks %s, k = %d, %s",
                    Math.round(championShare * 100), percent(baseRate),
                    lookEvery == CUSTOMERS_PER_DAY ? "daily" : "every " + lookEvery, challengers,
                    ramp ? "ramp-up" : "no ramp");
        }

        long seed() {
            // String.hashCode is specified, so a cell keeps its seed whatever else is in the grid.
            return SEED * 31 + (label() + "|" + uplift + "|" + days).hashCode();
        }

        /** Relative cost, to start the expensive cells first. */
        double cost() {
            return (double) runs * days * CUSTOMERS_PER_DAY / lookEvery * (challengers + 1);
        }
    }

    /**
     * What the runs of a cell gave: the number promoted and with some bound above 0, the day of each promotion (0 when
     * none), and how often the expensive test was needed.
     */
    record Outcome(Cell cell, int promoted, int lowerAboveZero, int[] promotionDays, long evaluations, long cpuNanos) {

        double promoteRate() {
            return (double) promoted / cell.runs();
        }

        double lowerRate() {
            return (double) lowerAboveZero / cell.runs();
        }

        /** Promoted within the first {@code days} days. */
        double promoteRateWithin(int days) {
            return (double) Arrays.stream(promotionDays).filter(d -> d > 0 && d <= days).count() / cell.runs();
        }
    }

    @BeforeAll
    static void simulate() throws Exception {
        long t0 = System.nanoTime();
        List<Cell> nulls = new ArrayList<>();
        for (double share : CHAMPION_SHARES) {
            for (double base : BASE_RATES) {
                for (int look : LOOK_EVERY) {
                    for (int k : CHALLENGERS) {
                        for (boolean ramp : new boolean[] {false, true}) {
                            nulls.add(new Cell(share, base, look, k, ramp, 0.0, HORIZON_DAYS,
                                    look == CUSTOMERS_PER_DAY ? RUNS_DAILY_LOOKS : RUNS_FREQUENT_LOOKS));
                        }
                    }
                }
            }
        }
        Cell power = new Cell(0.5, 0.05, CUSTOMERS_PER_DAY, 1, false, 2 * THRESHOLD_SHARE * 0.05, POWER_MAX_DAYS,
                RUNS_POWER);
        Cell below = new Cell(0.5, 0.05, CUSTOMERS_PER_DAY, 1, false, THRESHOLD_SHARE * 0.05 / 2, HORIZON_DAYS,
                RUNS_POWER);
        List<Cell> all = new ArrayList<>(nulls);
        all.add(power);
        all.add(below);
        List<Outcome> outcomes = runAll(all);
        nullOutcomes = outcomes.subList(0, nulls.size());
        powerOutcome = outcomes.get(nulls.size());
        belowThresholdOutcome = outcomes.get(nulls.size() + 1);
        block = table(nullOutcomes, powerOutcome, belowThresholdOutcome);
        elapsedNanos = System.nanoTime() - t0;
        String document = document(block);
        Files.createDirectories(baseDir().resolve("target"));
        Files.writeString(baseDir().resolve("target/simulation-grid.md"), document, StandardCharsets.UTF_8);
        System.out.println(block);
        long evaluations = outcomes.stream().mapToLong(Outcome::evaluations).sum();
        long runs = outcomes.stream().mapToLong(o -> o.cell().runs()).sum();
        System.out.printf(Locale.ROOT, "SIMULATION %d cells, %d runs, %d calls of SequentialTest.evaluate, %.1f s "
                        + "wall on %d threads (CPU time of the cells %.1f s)%n", outcomes.size(), runs, evaluations,
                elapsedNanos / 1e9, threads(), outcomes.stream().mapToLong(Outcome::cpuNanos).sum() / 1e9);
    }

    @Test
    void nullCellsPromoteAndRejectAtMostAlphaOfTheTime() {
        List<String> failures = new ArrayList<>();
        for (Outcome o : nullOutcomes) {
            if (o.promoteRate() > ALPHA) {
                failures.add(o.cell().label() + ": P(promote) = " + o.promoteRate());
            }
            if (o.lowerRate() > ALPHA) {
                failures.add(o.cell().label() + ": P(lower > 0) = " + o.lowerRate());
            }
        }
        assertThat(failures).as("null cells whose rate exceeds alpha = %s", ALPHA).isEmpty();
    }

    @Test
    void anUpliftOfTwiceTheThresholdIsPromotedWithinTheHorizonInAtLeast80PercentOfRuns() {
        assertThat(powerOutcome.promoteRateWithin(HORIZON_DAYS))
                .as("power at uplift 2τ within %d days (%s)", HORIZON_DAYS, powerOutcome.cell().label())
                .isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void anUpliftOfHalfTheThresholdIsPromotedAtMostAlphaOfTheTime() {
        assertThat(belowThresholdOutcome.promoteRate())
                .as("P(promote) at uplift τ/2 (%s)", belowThresholdOutcome.cell().label())
                .isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void theCommittedDocumentShowsTheGeneratedTable() throws IOException {
        Path doc = ProjectRoot.resolve("docs/STATISTICS.md");
        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        int from = committed.indexOf(BEGIN);
        int to = committed.indexOf(END);
        String committedBlock = from < 0 || to < from ? "(no " + BEGIN + " ... " + END + " block)"
                : committed.substring(from, to + END.length());
        assertThat(committedBlock)
                .as("The simulation table in docs/STATISTICS.md is stale. Regenerate it with `%s`, then copy the "
                        + "block between the markers from target/simulation-grid.md into docs/STATISTICS.md and "
                        + "commit it", COMMAND)
                .isEqualTo(block);
    }

    /**
     * The prefilters are necessary conditions: on random tables like the simulated ones (1–2 strata), whenever
     * {@code evaluate} gives a bound above 0, ln Λ⁺(0) and its erfc-free upper bound reach the threshold, and whenever
     * the bound reaches τ the estimate exceeds τ.
     */
    @Test
    void thePrefiltersNeverHideABoundAboveZeroOrTheThreshold() {
        SplittableRandom random = new SplittableRandom(7);
        int positive = 0;
        int reachedTau = 0;
        for (int i = 0; i < 1_500; i++) {
            double base = BASE_RATES[random.nextInt(BASE_RATES.length)];
            double tau = THRESHOLD_SHARE * base;
            int k = CHALLENGERS[random.nextInt(CHALLENGERS.length)];
            double lnThreshold = Math.log(k) - Math.log(ALPHA);
            int versions = 1 + random.nextInt(2);
            long[] units = new long[2 * versions];
            long[] conversions = new long[2 * versions];
            List<Stratum> strata = new ArrayList<>();
            for (int v = 0; v < versions; v++) {
                double pC = base * (v == 0 ? 1.0 : RAMP_RATE_FACTOR);
                double pT = Math.min(1.0, pC + random.nextDouble() * 3 * tau);
                units[2 * v] = 50 + random.nextInt(30_000);
                conversions[2 * v] = drawMany(random, pC, units[2 * v]);
                units[2 * v + 1] = 50 + random.nextInt(30_000);
                conversions[2 * v + 1] = drawMany(random, pT, units[2 * v + 1]);
                strata.add(new Stratum(units[2 * v + 1], conversions[2 * v + 1], units[2 * v], conversions[2 * v]));
            }
            SequentialResult result = SequentialTest.evaluate(strata, tau, k, ALPHA);
            double[] moments = new double[3];
            moments(units, conversions, 2, versions, 1, moments);
            double lnLambda0 = SequentialTest.logLambdaAbove(strata, tau, 0.0);
            assertThat(upperBoundOfLogLambda(moments, tau)).as("erfc-free bound of ln Λ⁺(0) for %s", strata)
                    .isGreaterThanOrEqualTo(lnLambda0 - 1e-9);
            if (result.lower() != null && result.lower() > 0) {
                positive++;
                assertThat(lnLambda0).as("ln Λ⁺(0) with lower %s for %s", result.lower(), strata)
                        .isGreaterThanOrEqualTo(lnThreshold);
            }
            if (result.lower() != null && result.lower() >= tau) {
                reachedTau++;
                assertThat(moments[0] / moments[1]).as("estimate with lower %s ≥ τ for %s", result.lower(), strata)
                        .isGreaterThan(tau);
            }
        }
        assertThat(positive).as("tables with a bound above 0").isGreaterThan(300);
        assertThat(reachedTau).as("tables with a bound above τ").isGreaterThan(150);
    }

    private static long drawMany(SplittableRandom random, double p, long n) {
        BinomialSampler sampler = BinomialSampler.of(p);
        long x = 0;
        for (long left = n; left > 0; left -= BinomialSampler.MAX_N) {
            x += sampler.draw(random, (int) Math.min(left, BinomialSampler.MAX_N));
        }
        return x;
    }

    /** The sampler's frequencies match the exact binomial probabilities (chi-square), small and large means alike. */
    @Test
    void theBinomialSamplerDrawsTheBinomialDistribution() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] cases = {{50, 5}, {50, 300}, {2_000, 5}, {2_000, 50}, {2_000, 300}, {2_000, 500}, {2_000, 950},
                {7, 999}, {1, 500}};
        for (int[] c : cases) {
            int n = c[0];
            double p = c[1] / 1000.0;
            BinomialSampler sampler = BinomialSampler.of(p);
            BinomialDistribution exact = new BinomialDistribution(null, n, p);
            int draws = 200_000;
            long[] counts = new long[n + 1];
            for (int i = 0; i < draws; i++) {
                counts[sampler.draw(random, n)]++;
            }
            // Pool the tails so that every class expects at least 20 draws.
            double chi = 0;
            int classes = 0;
            double expected = 0;
            double observed = 0;
            for (int x = 0; x <= n; x++) {
                expected += draws * exact.probability(x);
                observed += counts[x];
                if (expected >= 20 && draws * (1 - exact.cumulativeProbability(x)) >= 20 || x == n) {
                    chi += (observed - expected) * (observed - expected) / expected;
                    classes++;
                    expected = 0;
                    observed = 0;
                }
            }
            double p99999 = new org.apache.commons.math3.distribution.ChiSquaredDistribution(
                    null, Math.max(1, classes - 1)).inverseCumulativeProbability(0.99999);
            assertThat(chi).as("chi-square of Binomial(%d, %s) over %d classes", n, p, classes)
                    .isLessThan(p99999);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Simulation

    private static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static List<Outcome> runAll(List<Cell> cells) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads());
        try {
            List<Cell> byCost = new ArrayList<>(cells);
            byCost.sort(Comparator.comparingDouble(Cell::cost).reversed());
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Cell cell : byCost) {
                futures.add(pool.submit(() -> run(cell)));
            }
            List<Outcome> outcomes = new ArrayList<>(cells.size());
            for (Cell cell : cells) {
                outcomes.add(futures.get(byCost.indexOf(cell)).get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The R runs of one cell, from the cell's own generator. */
    static Outcome run(Cell cell) {
        long cpu0 = cpuNanos();
        SplittableRandom random = new SplittableRandom(cell.seed());
        int k = cell.challengers();
        int arms = k + 1;
        double tau = cell.tau();
        double lnThreshold = Math.log(k) - Math.log(ALPHA); // exactly as SequentialTest.evaluate computes it
        double zSquaredNeeded = 2 * (lnThreshold - LN2) - 1e-6;
        int versions = cell.ramp() ? 2 : 1;
        long rampCustomers = (long) RAMP_DAYS * CUSTOMERS_PER_DAY;
        long promotableCustomers = (long) PROMOTE_AFTER_DAYS * CUSTOMERS_PER_DAY;
        // Per version: each arm's share among the arms from it on (the multinomial as binomials) and its rate.
        BinomialSampler[][] assign = new BinomialSampler[versions][arms];
        BinomialSampler[][] convert = new BinomialSampler[versions][arms];
        for (int v = 0; v < versions; v++) {
            boolean rampPeriod = cell.ramp() && v == 0;
            double champion = rampPeriod ? RAMP_CHAMPION_SHARE : cell.championShare();
            double rate = cell.baseRate() * (cell.ramp() && v == 1 ? RAMP_RATE_FACTOR : 1.0);
            double rest = 1.0;
            for (int a = 0; a < arms; a++) {
                double share = a == 0 ? champion : (1.0 - champion) / k;
                assign[v][a] = BinomialSampler.of(a == arms - 1 ? 1.0 : Math.min(1.0, share / rest));
                rest -= share;
                convert[v][a] = BinomialSampler.of(a == 0 ? rate : rate + cell.uplift());
            }
        }
        int looks = (int) ((long) cell.days() * CUSTOMERS_PER_DAY / cell.lookEvery());
        PromotionPolicy policy = new PromotionPolicy();
        Evidence evidence = new Evidence(arms, versions, tau, k);

        long[] units = new long[versions * arms];
        long[] conversions = new long[versions * arms];
        double[] moments = new double[3];
        int[] promotionDays = new int[cell.runs()];
        int promoted = 0;
        int anyPositive = 0;
        for (int r = 0; r < cell.runs(); r++) {
            Arrays.fill(units, 0);
            Arrays.fill(conversions, 0);
            evidence.reset();
            boolean promotedThisRun = false;
            for (int look = 1; look <= looks; look++) {
                long customers = (long) look * cell.lookEvery();
                int v = cell.ramp() && customers <= rampCustomers ? 0 : versions - 1;
                int active = v + 1;
                int left = cell.lookEvery();
                for (int a = 0; a < arms && left > 0; a++) {
                    int n = assign[v][a].draw(random, left);
                    left -= n;
                    units[v * arms + a] += n;
                    conversions[v * arms + a] += convert[v][a].draw(random, n);
                }
                boolean promotable = customers >= promotableCustomers;
                for (int c = 1; c < arms; c++) {
                    if (evidence.reached[c]) {
                        continue;
                    }
                    long nT = 0;
                    long xT = 0;
                    long nC = 0;
                    long xC = 0;
                    for (int s = 0; s < active; s++) {
                        nT += units[s * arms + c];
                        xT += conversions[s * arms + c];
                        nC += units[s * arms];
                        xC += conversions[s * arms];
                    }
                    if (!SequentialReadiness.ready(nT, xT, nC, xC, MIN_SAMPLES)) {
                        continue;
                    }
                    evidence.ready[c] = true;
                    moments(units, conversions, arms, active, c, moments);
                    double estimate = moments[0] / moments[1];
                    // ln Λ⁺(0) ≤ ln 2 + a²/2 ≤ ln 2 + z²/2, then the sharper bound, then production's own value:
                    // below ln(k/α) this look's bound is ≤ 0.
                    if (!(estimate > 0.0) || moments[0] * moments[0] / moments[2] < zSquaredNeeded
                            || upperBoundOfLogLambda(moments, tau) < lnThreshold - 1e-6) {
                        continue;
                    }
                    boolean aboveTau = estimate > tau - 1e-12;
                    if (evidence.positive[c] && !aboveTau) {
                        continue; // the bound is below the estimate: neither flag can change
                    }
                    List<Stratum> strata = strata(units, conversions, arms, active, c);
                    if (SequentialTest.logLambdaAbove(strata, tau, 0.0) < lnThreshold) {
                        continue;
                    }
                    evidence.candidate(c, units, conversions, active, aboveTau);
                }
                if (promotable) {
                    for (int c = 1; c < arms; c++) {
                        evidence.resolveReached(c);
                    }
                }
                if (promotable && evidence.anyReached()
                        && promotes(policy, cell, units, arms, active, evidence, customers)) {
                    promoted++;
                    promotedThisRun = true;
                    promotionDays[r] = (int) ((customers + CUSTOMERS_PER_DAY - 1) / CUSTOMERS_PER_DAY);
                    break;
                }
            }
            if (promotedThisRun || evidence.resolvePositiveAll()) {
                anyPositive++;
            }
        }
        return new Outcome(cell, promoted, anyPositive, promotionDays, evidence.evaluations, cpuNanos() - cpu0);
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Production's strata of challenger c: one per configuration version, challenger against champion (arm 0). */
    static List<Stratum> strata(long[] units, long[] conversions, int arms, int active, int c) {
        List<Stratum> strata = new ArrayList<>(active);
        for (int s = 0; s < active; s++) {
            strata.add(new Stratum(units[s * arms + c], conversions[s * arms + c], units[s * arms],
                    conversions[s * arms]));
        }
        return strata;
    }

    /**
     * The running evidence of each challenger in a run. A look whose bound may be above 0 (ln Λ⁺(0) ≥ ln(k/α)) is a
     * candidate; {@code SequentialTest.evaluate} runs on a candidate's counts only when a flag is needed: whether the
     * bound ever reached τ at the first look where promotion is possible and at each look after it, whether it was ever
     * above 0 at the end of the run. Newest candidates are evaluated first, and once a flag is settled the remaining
     * candidates that could only set it are dropped. The flags are the running extremes production would hold; the
     * order in which the looks are evaluated does not change an "ever".
     */
    static final class Evidence {
        private final int arms;
        private final int width;
        private final double tau;
        private final int k;
        final boolean[] ready;
        final boolean[] positive;
        final boolean[] reached;
        final double[] lowerMax;
        private final long[][] counts;
        private final boolean[][] aboveTau;
        private final int[] size;
        long evaluations;

        Evidence(int arms, int versions, double tau, int k) {
            this.arms = arms;
            this.width = 4 * versions + 1;
            this.tau = tau;
            this.k = k;
            ready = new boolean[arms];
            positive = new boolean[arms];
            reached = new boolean[arms];
            lowerMax = new double[arms];
            counts = new long[arms][16 * width];
            aboveTau = new boolean[arms][16];
            size = new int[arms];
        }

        void reset() {
            Arrays.fill(ready, false);
            Arrays.fill(positive, false);
            Arrays.fill(reached, false);
            Arrays.fill(lowerMax, Double.NEGATIVE_INFINITY);
            Arrays.fill(size, 0);
        }

        void candidate(int c, long[] units, long[] conversions, int active, boolean above) {
            int i = size[c];
            if (i == aboveTau[c].length) {
                aboveTau[c] = Arrays.copyOf(aboveTau[c], 2 * i);
                counts[c] = Arrays.copyOf(counts[c], 2 * i * width);
            }
            long[] row = counts[c];
            int at = i * width;
            row[at] = active;
            for (int s = 0; s < active; s++) {
                row[at + 1 + 4 * s] = units[s * arms + c];
                row[at + 2 + 4 * s] = conversions[s * arms + c];
                row[at + 3 + 4 * s] = units[s * arms];
                row[at + 4 + 4 * s] = conversions[s * arms];
            }
            aboveTau[c][i] = above;
            size[c] = i + 1;
        }

        /** Evaluates candidate i of challenger c with the production test and merges its bound. */
        private void evaluate(int c, int i) {
            long[] row = counts[c];
            int at = i * width;
            int active = (int) row[at];
            List<Stratum> strata = new ArrayList<>(active);
            for (int s = 0; s < active; s++) {
                strata.add(new Stratum(row[at + 1 + 4 * s], row[at + 2 + 4 * s], row[at + 3 + 4 * s],
                        row[at + 4 + 4 * s]));
            }
            evaluations++;
            SequentialResult look = SequentialTest.evaluate(strata, tau, k, ALPHA);
            Double lower = look.lower();
            if (lower != null) {
                lowerMax[c] = Math.max(lowerMax[c], lower);
                positive[c] |= lower > 0;
                reached[c] |= lower >= tau;
            }
        }

        /**
         * Settles whether challenger c's bound ever reached τ: evaluates its candidates above τ, newest first, until
         * one reaches it. Afterwards only unevaluated candidates remain, and only while they can still set a flag.
         */
        void resolveReached(int c) {
            for (int i = size[c] - 1; i >= 0 && !reached[c]; i--) {
                if (aboveTau[c][i]) {
                    evaluate(c, i);
                }
            }
            if (reached[c] || positive[c]) {
                size[c] = 0;
                return;
            }
            int kept = 0;
            for (int i = 0; i < size[c]; i++) {
                if (!aboveTau[c][i]) {
                    System.arraycopy(counts[c], i * width, counts[c], kept * width, width);
                    aboveTau[c][kept++] = false;
                }
            }
            size[c] = kept;
        }

        boolean anyReached() {
            for (int c = 1; c < arms; c++) {
                if (reached[c]) {
                    return true;
                }
            }
            return false;
        }

        /** Settles whether some challenger's bound was ever above 0. */
        boolean resolvePositiveAll() {
            boolean any = false;
            for (int c = 1; c < arms; c++) {
                for (int i = size[c] - 1; i >= 0 && !positive[c]; i--) {
                    evaluate(c, i);
                }
                size[c] = 0;
                any |= positive[c];
            }
            return any;
        }
    }

    /** The production policy on this look's evidence: the running lower bounds, srmMismatch false. */
    private static boolean promotes(PromotionPolicy policy, Cell cell, long[] units, int arms, int active,
            Evidence evidence, long customers) {
        long championSamples = 0;
        for (int s = 0; s < active; s++) {
            championSamples += units[s * arms];
        }
        List<ChallengerEvidence> challengers = new ArrayList<>(arms - 1);
        for (int c = 1; c < arms; c++) {
            long samples = 0;
            for (int s = 0; s < active; s++) {
                samples += units[s * arms + c];
            }
            // A bound not computed is below τ, and ≤ 0 unless computed: the policy's verdict on it is the same
            // (NOT_SIGNIFICANT or BELOW_THRESHOLD, never QUALIFIES).
            Double lower = !evidence.ready[c] ? null : Math.max(0.0, evidence.lowerMax[c]);
            challengers.add(new ChallengerEvidence("model-" + c, "challenger-" + c, samples, null, lower, null));
        }
        PolicyInput input = new PolicyInput(START, PROMOTE_AFTER_DAYS, cell.tau(), MIN_SAMPLES, false,
                championSamples, challengers);
        // Customer i arrives at i/2000 days: 43.2 s apart.
        return policy.evaluate(input, START.plus(Duration.ofMillis(customers * 43_200L))).promote();
    }

    /**
     * {Σ w·d, Σ w, Σ w·p̄(1 − p̄)} of challenger c against the champion (arm 0) over the first {@code active}
     * versions, with the CMH weights w = nT·nC/(nT + nC) and each stratum's pooled rate p̄; strata with an empty arm
     * are skipped, as in production. Counts are laid out [version · arms + arm].
     */
    static void moments(long[] units, long[] conversions, int arms, int active, int c, double[] out) {
        double weighted = 0;
        double weights = 0;
        double variance = 0;
        for (int s = 0; s < active; s++) {
            double nT = units[s * arms + c];
            double xT = conversions[s * arms + c];
            double nC = units[s * arms];
            double xC = conversions[s * arms];
            if (nT == 0 || nC == 0) {
                continue;
            }
            double w = nT * nC / (nT + nC);
            double pooled = (xT + xC) / (nT + nC);
            weighted += w * (xT / nT - xC / nC);
            weights += w;
            variance += w * pooled * (1 - pooled);
        }
        out[0] = weighted;
        out[1] = weights;
        out[2] = variance;
    }

    /**
     * ln 2 − ½ ln(1 + τ²/V) + a²/2 ≥ ln Λ⁺(0), since ln Φ(a) ≤ 0; V = Σ w·p̄(1−p̄)/(Σ w)² and
     * a = θ̂·τ/√(V(V + τ²)) as in {@link SequentialTest}. −∞ when V is 0 (production then reports Λ = 1).
     */
    static double upperBoundOfLogLambda(double[] moments, double tau) {
        if (!(moments[1] > 0) || !(moments[2] > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double estimate = moments[0] / moments[1];
        double v = moments[2] / (moments[1] * moments[1]);
        double tau2 = tau * tau;
        double a2 = estimate * estimate * tau2 / (v * (v + tau2));
        return LN2 - 0.5 * Math.log1p(tau2 / v) + 0.5 * a2;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output

    static Path baseDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    static String percent(double rate) {
        String s = String.format(Locale.ROOT, "%.1f", rate * 100);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** r ± √(r(1−r)/R), or "0 (95 % upper bound 3/R = …)" when r = 0. */
    static String rate(double r, int runs) {
        if (r == 0) {
            return String.format(Locale.ROOT, "0 (≤ %.4f, 95 %% bound 3/R)", 3.0 / runs);
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f", r, Math.sqrt(r * (1 - r) / runs));
    }

    static String table(List<Outcome> nulls, Outcome power, Outcome below) {
        StringBuilder sb = new StringBuilder();
        sb.append(BEGIN).append("\n\n");
        sb.append("| cell | R | P(promote) ± MC | P(lower>0) ± MC |\n");
        sb.append("|---|---:|---:|---:|\n");
        for (Outcome o : nulls) {
            sb.append("| ").append(o.cell().label()).append(" | ").append(o.cell().runs()).append(" | ")
                    .append(rate(o.promoteRate(), o.cell().runs())).append(" | ")
                    .append(rate(o.lowerRate(), o.cell().runs())).append(" |\n");
        }
        double worstPromote = nulls.stream().mapToDouble(Outcome::promoteRate).max().orElse(0);
        double worstLower = nulls.stream().mapToDouble(Outcome::lowerRate).max().orElse(0);
        sb.append(String.format(Locale.ROOT, "%nLargest null rates: P(promote) %.4f, P(lower>0) %.4f (α = %s).%n%n",
                worstPromote, worstLower, ALPHA));
        int runs = power.cell().runs();
        double within = power.promoteRateWithin(HORIZON_DAYS);
        String median = within == 0 ? "none" : String.valueOf(medianDay(power.promotionDays()));
        sb.append(String.format(Locale.ROOT, "Power (%s, %s %% → %s %%, uplift 2τ = %s): P(promote within %d days) "
                        + "= %s, R = %d; median day of promotion %s.%n", power.cell().label(),
                percent(power.cell().baseRate()), percent(power.cell().baseRate() + power.cell().uplift()),
                percent(power.cell().uplift()) + " %", HORIZON_DAYS, rate(within, runs), runs, median));
        int reach = -1;
        for (int d = 1; d <= power.cell().days(); d++) {
            if (power.promoteRateWithin(d) >= 0.80) {
                reach = d;
                break;
            }
        }
        sb.append(String.format(Locale.ROOT, "Power reaches 80 %% on day %s (simulated to day %d); within 14 days: "
                        + "%s; within 21 days: %s.%n", reach < 0 ? "> " + power.cell().days() : reach,
                power.cell().days(), rate(power.promoteRateWithin(14), runs), rate(power.promoteRateWithin(21), runs)));
        sb.append(String.format(Locale.ROOT, "Below the threshold (%s, %s %% → %s %%, uplift τ/2 = %s): "
                        + "P(promote within %d days) = %s, R = %d.%n", below.cell().label(),
                percent(below.cell().baseRate()), percent(below.cell().baseRate() + below.cell().uplift()),
                percent(below.cell().uplift()) + " %", HORIZON_DAYS, rate(below.promoteRate(), below.cell().runs()),
                below.cell().runs()));
        sb.append('\n').append(END);
        return sb.toString();
    }

    /** The median day of promotion among the runs promoted within the horizon (the lower median). */
    static int medianDay(int[] promotionDays) {
        int[] days = Arrays.stream(promotionDays).filter(d -> d > 0 && d <= HORIZON_DAYS).sorted().toArray();
        return days[(days.length - 1) / 2];
    }

    static String document(String block) {
        return "# Simulation grid of the promotion rule\n\n"
                + "Generated by `PromotionPolicySimulationTest` (ADR 010); reproduce with `" + COMMAND + "`, which "
                + "writes `target/simulation-grid.md` and fails while the table below differs from it.\n\n"
                + "Design: 2,000 new customers a day, horizon 28 days, promoteAfterDays 14, minSamples 50, α = 0.05, "
                + "promoteThreshold τ = 20 % of the base rate b. Each customer is a unit of the arm it is assigned to "
                + "(multinomial over the configured shares) and converts with its arm's rate; per look the new units "
                + "and conversions are exact multinomial and binomial draws. Every combination of: champion share "
                + "5, 20, 50, 80, 95 % (the rest split equally over the challengers), b = 0.5, 5, 30 %, a look every 50 "
                + "customers or once a day, 1, 2 or 4 challengers, and no ramp-up or a ramp-up (the first 7 days at "
                + "champion 90 % / challengers 10 % and base rate b, then the cell's split at 1.5·b: a second "
                + "configuration version, hence a second stratum, with no effect in either period). Each look is "
                + "decided as production decides it: readiness on the arm totals, the stratified one-sided sequential "
                + "test with τ and k challengers, the running maximum of its always-valid lower bound (1 − α/k), and "
                + "PromotionPolicy on that bound; a run stops at its first promotion. Sample-ratio mismatch is "
                + "ignored: it can only block promotions, so these rates are upper bounds. MC error is "
                + "√(r(1−r)/R); for r = 0 the 95 % upper bound 3/R is shown. Power is measured in the standard cell "
                + "(50/50, 5 %, daily looks, 1 challenger, no ramp-up). R is 1,000 per cell with a look every 50 "
                + "customers and 4,000 with daily looks; every cell has its own seed. The whole test takes about 40 s of "
                + "CPU, spread over 2 cores.\n\n"
                + "The cells nearest α are those with a look every 50 customers at a 30 % base rate (P(lower>0) "
                + "0.03–0.05 at R = 1,000). Re-run with R = 10,000 (same seeds): champion 50 %, k = 1, ramp-up "
                + "0.0419 ± 0.0020; no ramp 0.0363 ± 0.0019. No null cell promotes more than 0.1 % of its runs: "
                + "the bound must reach τ, not only 0.\n\n"
                + block + "\n";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Exact binomial draws

    /**
     * Exact Binomial(n, p) draws by inversion: from 0 when the mean is small, otherwise starting at the mode and
     * moving outwards (m, m−1, m+1, m−2, …), which inverts the distribution in that order and takes O(√(npq)) steps.
     * The probabilities come from the recurrence f(x+1)/f(x) = (n−x)/(x+1)·p/q; f at the mode from a table of
     * ln x!. p &gt; ½ is drawn as n minus a Binomial(n, 1−p). If rounding leaves u above the total, u is redrawn.
     * StrictMath keeps the draws the same on every platform.
     */
    static final class BinomialSampler {

        static final int MAX_N = CUSTOMERS_PER_DAY;
        private static final double[] LN_FACTORIAL = new double[MAX_N + 1];

        static {
            for (int i = 2; i <= MAX_N; i++) {
                LN_FACTORIAL[i] = LN_FACTORIAL[i - 1] + StrictMath.log(i);
            }
        }

        private final double p;
        private final boolean flipped;
        private final double small;
        private final double lnSmall;
        private final double lnOther;
        private final double odds;
        private final double inverseOdds;
        /** P(X = 0), or P(X = mode) when the mean is 10 or more, per n; NaN until first needed. Not thread-safe. */
        private final double[] start = new double[MAX_N + 1];

        private BinomialSampler(double p) {
            Arrays.fill(start, Double.NaN);
            this.p = p;
            this.flipped = p > 0.5;
            this.small = flipped ? 1.0 - p : p;
            this.lnSmall = StrictMath.log(small);
            this.lnOther = StrictMath.log1p(-small);
            this.odds = small / (1.0 - small);
            this.inverseOdds = (1.0 - small) / small;
        }

        static BinomialSampler of(double p) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("p must be in [0, 1], got " + p);
            }
            return new BinomialSampler(p);
        }

        int draw(SplittableRandom random, int n) {
            if (n > MAX_N) {
                throw new IllegalArgumentException("n above " + MAX_N + ": " + n);
            }
            if (n == 0 || p == 0.0) {
                return 0;
            }
            if (p == 1.0) {
                return n;
            }
            int x = small * n < 10.0 ? fromZero(random, n) : fromMode(random, n);
            return flipped ? n - x : x;
        }

        private int fromZero(SplittableRandom random, int n) {
            double first = start[n];
            if (Double.isNaN(first)) {
                first = StrictMath.exp(n * lnOther);
                start[n] = first;
            }
            while (true) {
                double u = random.nextDouble();
                double f = first;
                for (int x = 0; x <= n; x++) {
                    if (u < f) {
                        return x;
                    }
                    u -= f;
                    f *= odds * (n - x) / (x + 1);
                }
            }
        }

        private int fromMode(SplittableRandom random, int n) {
            int m = (int) Math.min(n, Math.floor((n + 1) * small));
            double fm = start[n];
            if (Double.isNaN(fm)) {
                fm = StrictMath.exp(LN_FACTORIAL[n] - LN_FACTORIAL[m] - LN_FACTORIAL[n - m] + m * lnSmall
                        + (n - m) * lnOther);
                start[n] = fm;
            }
            while (true) {
                double u = random.nextDouble();
                if (u < fm) {
                    return m;
                }
                u -= fm;
                int lo = m;
                int hi = m;
                double fLo = fm;
                double fHi = fm;
                while (lo > 0 || hi < n) {
                    if (lo > 0) {
                        fLo *= inverseOdds * lo / (n - lo + 1);
                        lo--;
                        if (u < fLo) {
                            return lo;
                        }
                        u -= fLo;
                    }
                    if (hi < n) {
                        fHi *= odds * (n - hi) / (hi + 1);
                        hi++;
                        if (u < fHi) {
                            return hi;
                        }
                        u -= fHi;
                    }
                }
            }
        }
    }
}
