package dev.verdict.bench;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The assignment hot path: hashing a customer into a bucket, and mapping the bucket to a variant. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BucketBenchmark {

    private static final int IDS = 1024;

    private final String[] customers = new String[IDS];
    private BucketLayout layout;
    private int i;

    @Setup
    public void setUp() {
        for (int k = 0; k < IDS; k++) {
            customers[k] = "CUST" + (1_000_000 + k * 7919L);
        }
        // holdout 5%, champion 50%, three challengers: a realistic layout with five arms
        layout = new BucketLayout(new BigDecimal("5"), new BigDecimal("50"), List.of(
                new Arm("challenger-a", new BigDecimal("20")),
                new Arm("challenger-b", new BigDecimal("20")),
                new Arm("challenger-c", new BigDecimal("10"))));
    }

    /** FNV-1a + fmix32 over "experimentKey:customerId", mod 10,000. */
    @Benchmark
    public int bucket() {
        i = (i + 1) & (IDS - 1);
        return BucketHash.bucket("cc-bayesian-test", customers[i]);
    }

    @Benchmark
    public String variantOf() {
        i = (i + 1) & (IDS - 1);
        return layout.variantOf((i * 9973) % BucketHash.BUCKETS);
    }

    /** What one assignment costs in CPU: bucket then variant. */
    @Benchmark
    public String bucketAndVariant() {
        i = (i + 1) & (IDS - 1);
        return layout.variantOf(BucketHash.bucket("cc-bayesian-test", customers[i]));
    }
}
