package dev.verdict.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A true 50/50 split checked after every 100 assignments, up to 10,000: Pearson's chi-square at p &lt; 0.001 raises
 * a false alarm in several percent of runs (the more looks, the more alarms), the sequential test in at most 0.1 %.
 * Seeded; the same runs for both tests.
 */
class SampleRatioPeekingSimulationTest {

    private static final int RUNS = 4_000;
    private static final int LOOKS = 100;
    private static final int PER_LOOK = 100;

    @Test
    void checkingATrueSplitEveryHundredAssignmentsRaisesFalseAlarmsOnlyWithPearson() {
        SplittableRandom random = new SplittableRandom(20261207L);
        int pearsonAlarms = 0;
        int sequentialAlarms = 0;
        double[] shares = {0.5, 0.5};
        for (int run = 0; run < RUNS; run++) {
            long a = 0;
            long b = 0;
            boolean pearson = false;
            boolean sequential = false;
            for (int look = 0; look < LOOKS; look++) {
                for (int i = 0; i < PER_LOOK; i++) {
                    if (random.nextBoolean()) {
                        a++;
                    } else {
                        b++;
                    }
                }
                long[] observed = {a, b};
                pearson |= SampleRatio.goodnessOfFit(observed, shares).pValue() < SampleRatio.MISMATCH_P;
                sequential |= SequentialSampleRatio.test(observed, shares).pValue() < SampleRatio.MISMATCH_P;
            }
            pearsonAlarms += pearson ? 1 : 0;
            sequentialAlarms += sequential ? 1 : 0;
        }
        double pearsonRate = (double) pearsonAlarms / RUNS;
        double sequentialRate = (double) sequentialAlarms / RUNS;
        System.out.printf("SIMULATION SRM A/A, %d looks every %d assignments, %d runs: Pearson %.2f%%, "
                + "sequential %.3f%% (3/R = %.3f%%)%n", LOOKS, PER_LOOK, RUNS, 100 * pearsonRate,
                100 * sequentialRate, 300.0 / RUNS);
        assertThat(pearsonRate).as("repeated Pearson checks inflate false alarms").isGreaterThan(0.01);
        assertThat(sequentialRate).as("sequential false alarms over %d looks", LOOKS)
                .isLessThanOrEqualTo(SampleRatio.MISMATCH_P);
    }
}
