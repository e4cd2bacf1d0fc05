package dev.verdict.bench;

import dev.verdict.stats.BetaComparison;
import dev.verdict.stats.DifferenceInterval;
import dev.verdict.stats.RateInterval;
import dev.verdict.stats.SampleSize;
import dev.verdict.stats.SampleSizes;
import dev.verdict.stats.ScoreInterval;
import dev.verdict.stats.TwoProportionZTest;
import dev.verdict.stats.Wilson;
import dev.verdict.stats.ZTestResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The statistics behind GET /results, per call. Counts are fields (not constants) so the JIT cannot fold them.
 * "small" is an experiment's first days (hundreds of customers), "large" a mature one (millions).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatsBenchmark {

    long smallNT = 480, smallXT = 31, smallNC = 520, smallXC = 26;
    long largeNT = 2_400_000, largeXT = 121_500, largeNC = 2_600_000, largeXC = 126_100;
    double confidence = 0.95;

    @Benchmark
    public ZTestResult zTest() {
        return TwoProportionZTest.test(largeNT, largeXT, largeNC, largeXC);
    }

    @Benchmark
    public DifferenceInterval scoreIntervalDifference() {
        return ScoreInterval.difference(largeNT, largeXT, largeNC, largeXC, confidence);
    }

    /** Exact finite sum (smallest Beta parameter is small). */
    @Benchmark
    public double betaProbabilityToBeatSmallN() {
        return BetaComparison.probabilityToBeat(smallNT, smallXT, smallNC, smallXC);
    }

    /** Gauss-Legendre quadrature (every parameter large). */
    @Benchmark
    public double betaProbabilityToBeatLargeN() {
        return BetaComparison.probabilityToBeat(largeNT, largeXT, largeNC, largeXC);
    }

    @Benchmark
    public RateInterval wilsonInterval() {
        return Wilson.interval(largeNT, largeXT, confidence);
    }

    @Benchmark
    public SampleSize sampleSizeTwoProportions() {
        return SampleSizes.twoProportions(0.05, 0.01, 0.05, 0.8, 1.0);
    }
}
