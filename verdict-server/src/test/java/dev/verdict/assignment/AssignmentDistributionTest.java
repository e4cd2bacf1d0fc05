package dev.verdict.assignment;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.BucketHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/**
 * Distribution over 100,000 sequential customer ids, against the configured percentages themselves (BucketLayoutTest
 * checks against the layout's bucket shares and BucketHashTest checks 50/50 independence), and independence of two
 * experiments with several arms each. No Spring.
 */
class AssignmentDistributionTest {

    private static final int CUSTOMERS = 100_000;

    private static String customer(int i) {
        return String.format("CUST%06d", i);
    }

    private static Map<String, Integer> counts(String key, BucketLayout layout) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 1; i <= CUSTOMERS; i++) {
            counts.merge(layout.variantOf(BucketHash.bucket(key, customer(i))), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void everyArmReceivesItsConfiguredShareWithinHalfAPercentagePoint() {
        // holdout 10% of all; champion 50%, gbm 30%, nn 20% of the rest -> 45%, 27%, 18% of all traffic.
        BucketLayout layout = new BucketLayout(new BigDecimal("10"), new BigDecimal("50"),
                List.of(new Arm("gbm-v2", new BigDecimal("30")), new Arm("nn-v1", new BigDecimal("20"))));
        Map<String, Double> configured = new LinkedHashMap<>();
        configured.put(BucketLayout.HOLDOUT, 0.10);
        configured.put(BucketLayout.CHAMPION, 0.45);
        configured.put("gbm-v2", 0.27);
        configured.put("nn-v1", 0.18);
        Map<String, Integer> counts = counts("cc-bayesian-test", layout);
        configured.forEach((variant, share) -> assertThat(counts.getOrDefault(variant, 0) / (double) CUSTOMERS)
                .as("share of %s", variant).isCloseTo(share, within(0.005)));
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CUSTOMERS);
    }

    @Test
    void smallArmsAndOddPercentagesStayWithinHalfAPercentagePoint() {
        BucketLayout layout = new BucketLayout(new BigDecimal("2.5"), new BigDecimal("90"),
                List.of(new Arm("a", new BigDecimal("1")), new Arm("b", new BigDecimal("4.5")),
                        new Arm("c", new BigDecimal("4.5"))));
        Map<String, Integer> counts = counts("small-arms", layout);
        Map<String, Double> configured = Map.of(BucketLayout.HOLDOUT, 0.025, BucketLayout.CHAMPION, 0.975 * 0.90,
                "a", 0.975 * 0.01, "b", 0.975 * 0.045, "c", 0.975 * 0.045);
        configured.forEach((variant, share) -> assertThat(counts.getOrDefault(variant, 0) / (double) CUSTOMERS)
                .as("share of %s", variant).isCloseTo(share, within(0.005)));
    }

    @Test
    void twoExperimentsWithSeveralArmsAssignIndependently() {
        BucketLayout first = new BucketLayout(new BigDecimal("10"), new BigDecimal("40"),
                List.of(new Arm("a", new BigDecimal("30")), new Arm("b", new BigDecimal("30"))));
        BucketLayout second = new BucketLayout(BigDecimal.ZERO, new BigDecimal("34"),
                List.of(new Arm("x", new BigDecimal("33")), new Arm("y", new BigDecimal("33"))));
        List<String> rows = first.variants();
        List<String> columns = second.variants().subList(1, 4); // no holdout in the second experiment
        long[][] table = new long[rows.size()][columns.size()];
        for (int i = 1; i <= CUSTOMERS; i++) {
            String c = customer(i);
            table[rows.indexOf(first.variantOf(BucketHash.bucket("pricing-2026", c)))]
                    [columns.indexOf(second.variantOf(BucketHash.bucket("onboarding-2026", c)))]++;
        }
        double p = new ChiSquareTest().chiSquareTest(table);
        assertThat(p).as("4x3 independence p-value of %s", java.util.Arrays.deepToString(table)).isGreaterThan(0.001);
    }
}
