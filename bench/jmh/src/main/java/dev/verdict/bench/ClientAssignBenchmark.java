package dev.verdict.bench;

import dev.verdict.client.AssignmentResult;
import dev.verdict.client.AssignmentSource;
import dev.verdict.client.VerdictClient;
import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.SdkConfig;
import dev.verdict.core.SdkConfig.ChallengerConfig;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import dev.verdict.core.SdkConfig.ModelConfig;
import dev.verdict.core.SdkConfig.VersionConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code VerdictClient.assign} for a local answer, from a feed compiled in memory (an offline client: no server, no
 * thread). The experiment is mid ramp-up (two live versions, 90/10 then 80/20 with a 5 % holdout) among 20 others,
 * and the customers are in buckets both versions agree on, so every call is answered locally and queues an exposure.
 * Nobody drains the queue offline, so it is full and each call also overwrites (and counts) the oldest exposure: the
 * costliest local path. The paused variant answers without an exposure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientAssignBenchmark {

    static final String KEY = "cc-bayesian-test";
    private static final int IDS = 1024;

    /** One client shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Client {
        VerdictClient client;
        final String[] customers = new String[IDS];

        @Setup
        public void setUp() {
            List<ExperimentConfig> experiments = new ArrayList<>();
            experiments.add(new ExperimentConfig("exp-main", KEY, "active", 1, 2,
                    List.of(version(1, 90, 10), version(2, 80, 20))));
            experiments.add(new ExperimentConfig("exp-paused", "paused-test", "paused", 1, 1,
                    List.of(version(1, 50, 50))));
            for (int e = 0; e < 20; e++) {
                experiments.add(new ExperimentConfig("exp-" + e, "other-" + e, "active", 1, 1,
                        List.of(version(1, 50, 50))));
            }
            client = VerdictClient.builder(URI.create("http://localhost:9"), "offline").offline()
                    .initialConfig(new SdkConfig("bench", 30L * 24 * 3600, experiments)).build();

            BucketLayout v1 = layout(90, 10);
            BucketLayout v2 = layout(80, 20);
            for (int i = 0, n = 0; n < IDS; i++) {
                String c = "CUST" + (1_000_000 + i * 7919L);
                int b = BucketHash.bucket(KEY, c);
                if (v1.variantOf(b).equals(v2.variantOf(b))) {
                    customers[n++] = c;
                }
            }
            for (String c : customers) {
                if (client.assign(KEY, c).source() != AssignmentSource.LOCAL) {
                    throw new IllegalStateException(c + " is not answered locally");
                }
            }
        }

        @TearDown
        public void tearDown() {
            client.close();
        }
    }

    /** Each thread's position in the customer list. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            i = (i + 1) & (IDS - 1);
            return i;
        }
    }

    /** The local path: hash, table lookup, counter, exposure queued. */
    @Benchmark
    public AssignmentResult assignLocal(Client c, Cursor cursor) {
        return c.client.assign(KEY, c.customers[cursor.next()]);
    }

    /** The same, from two threads at once: they share the exposure queue's monitor. */
    @Benchmark
    @Threads(2)
    public AssignmentResult assignLocalTwoThreads(Client c, Cursor cursor) {
        return c.client.assign(KEY, c.customers[cursor.next()]);
    }

    /** A paused experiment: the champion, nothing queued. */
    @Benchmark
    public AssignmentResult assignPaused(Client c, Cursor cursor) {
        return c.client.assign("paused-test", c.customers[cursor.next()]);
    }

    static VersionConfig version(int number, int champion, int challenger) {
        return new VersionConfig(number, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(number * 86_400L),
                BigDecimal.valueOf(5), BigDecimal.valueOf(champion),
                List.of(new ChallengerConfig("bayesian-v1", "mdl-2", BigDecimal.valueOf(challenger))),
                List.of(new ModelConfig(BucketLayout.CHAMPION, "mdl-1", "scorecard-v3"),
                        new ModelConfig("bayesian-v1", "mdl-2", "bayesian-v1")));
    }

    static BucketLayout layout(int champion, int challenger) {
        return new BucketLayout(BigDecimal.valueOf(5), BigDecimal.valueOf(champion),
                List.of(new Arm("bayesian-v1", BigDecimal.valueOf(challenger))));
    }
}
