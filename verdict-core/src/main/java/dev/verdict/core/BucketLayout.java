package dev.verdict.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Maps buckets 0..9,999 to variants: the holdout first, then the champion, then each challenger in order, with
 * boundaries computed in exact decimal arithmetic as assignment.md prescribes. Immutable and thread-safe.
 */
public final class BucketLayout {

    public static final String HOLDOUT = "__holdout__";
    public static final String CHAMPION = "__champion__";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal ALL_BUCKETS = BigDecimal.valueOf(BucketHash.BUCKETS);

    /** variants[i] owns [ends[i-1], ends[i]), with ends[-1] = 0; the holdout is index 0. */
    private final String[] variants;
    private final int[] ends;

    public BucketLayout(BigDecimal holdoutPercent, BigDecimal championPct, List<Arm> challengers) {
        requirePercent("holdoutPercent", holdoutPercent);
        requirePercent("championPct", championPct);
        if (challengers == null) {
            throw new IllegalArgumentException("challengers must not be null");
        }
        Set<String> seen = new HashSet<>();
        BigDecimal sum = championPct;
        for (Arm arm : challengers) {
            if (arm == null || arm.variant() == null || arm.variant().isBlank()) {
                throw new IllegalArgumentException("every challenger needs a non-blank variant");
            }
            if (arm.variant().equals(HOLDOUT) || arm.variant().equals(CHAMPION)) {
                throw new IllegalArgumentException("challenger variant " + arm.variant() + " is reserved");
            }
            if (!seen.add(arm.variant())) {
                throw new IllegalArgumentException("challenger variant " + arm.variant() + " appears twice");
            }
            requirePercent("pct of " + arm.variant(), arm.pct());
            sum = sum.add(arm.pct());
        }
        if (sum.compareTo(HUNDRED) != 0) {
            throw new IllegalArgumentException(
                    "champion and challenger percentages must sum to exactly 100, got " + sum.toPlainString());
        }

        int n = challengers.size() + 2;
        variants = new String[n];
        ends = new int[n];
        int h = holdoutPercent.multiply(HUNDRED).setScale(0, RoundingMode.HALF_UP).intValueExact();
        BigDecimal remaining = ALL_BUCKETS.subtract(BigDecimal.valueOf(h));
        variants[0] = HOLDOUT;
        ends[0] = h;
        BigDecimal cumulative = BigDecimal.ZERO;
        for (int i = 1; i < n; i++) {
            BigDecimal pct = i == 1 ? championPct : challengers.get(i - 2).pct();
            variants[i] = i == 1 ? CHAMPION : challengers.get(i - 2).variant();
            cumulative = cumulative.add(pct);
            // movePointLeft(2) divides by 100 exactly, so only the final rounding is inexact, as the spec requires.
            ends[i] = h + remaining.multiply(cumulative).movePointLeft(2).setScale(0, RoundingMode.HALF_UP)
                    .intValueExact();
        }
    }

    /** The variant owning a bucket: {@link #HOLDOUT}, {@link #CHAMPION} or a challenger's key. */
    public String variantOf(int bucket) {
        if (bucket < 0 || bucket >= BucketHash.BUCKETS) {
            throw new IllegalArgumentException("bucket must be in 0..9999, got " + bucket);
        }
        for (int i = 0; i < ends.length; i++) {
            if (bucket < ends[i]) {
                return variants[i];
            }
        }
        throw new IllegalStateException("the last boundary is always 10000");
    }

    /**
     * Each arm's share of traffic (its bucket count / 10,000), holdout first, then champion, then the challengers in
     * order; arms owning no bucket are included with 0.0. For sample-ratio-mismatch checks.
     */
    public LinkedHashMap<String, Double> expectedShares() {
        LinkedHashMap<String, Double> shares = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i < ends.length; i++) {
            shares.put(variants[i], (ends[i] - start) / (double) BucketHash.BUCKETS);
            start = ends[i];
        }
        return shares;
    }

    /** The variants in layout order (holdout, champion, challengers). */
    public List<String> variants() {
        return List.of(variants);
    }

    private static void requirePercent(String name, BigDecimal value) {
        if (value == null || value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and 100, got " + value);
        }
    }
}
