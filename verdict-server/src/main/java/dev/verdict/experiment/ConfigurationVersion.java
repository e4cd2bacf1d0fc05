package dev.verdict.experiment;

import dev.verdict.core.BucketLayout;
import dev.verdict.core.BucketHash;
import dev.verdict.core.Arm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One configuration version of a phase as assignment.md needs it to reproduce the layout: the holdout percentage,
 * the champion's percentage and model, and the challengers in order with variant, model and percentage.
 */
public record ConfigurationVersion(int version, int phase, Instant createdAt, BigDecimal holdoutPct,
                                   BigDecimal championPct, String championModelId, List<Challenger> challengers) {

    /** A challenger arm of the version: its variant (the model's key), model and percentage. */
    public record Challenger(String variant, String modelId, BigDecimal pct) { }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public ConfigurationVersion {
        challengers = List.copyOf(challengers);
    }

    /** The bucket layout of this version. */
    public BucketLayout layout() {
        return new BucketLayout(holdoutPct, championPct,
                challengers.stream().map(c -> new Arm(c.variant(), c.pct())).toList());
    }

    /** Each arm's expected share of all traffic under this version (holdout, champion, challengers in order). */
    public Map<String, Double> shares() {
        return layout().expectedShares();
    }

    /** The model serving a variant under this version; null for the holdout or an unknown variant. */
    public String modelIdOf(String variant) {
        if (BucketLayout.CHAMPION.equals(variant)) {
            return championModelId;
        }
        return challengers.stream().filter(c -> c.variant().equals(variant)).map(Challenger::modelId).findFirst()
                .orElse(null);
    }

    /**
     * Reads a stored layout (arms in layout order: holdout, champion, challengers, each with variant, modelId,
     * share and, since the SDK feed, pct). Versions stored before pct was recorded are rebuilt from the shares:
     * the shares are whole buckets, and percentages at six decimals reproduce exactly those bucket boundaries.
     */
    static ConfigurationVersion read(int version, int phase, Instant createdAt, JsonNode arms) {
        List<JsonNode> list = new ArrayList<>();
        arms.forEach(list::add);
        boolean exact = list.stream().allMatch(a -> a.hasNonNull("pct"));
        BigDecimal[] pcts = new BigDecimal[list.size()];
        if (exact) {
            for (int i = 0; i < pcts.length; i++) {
                pcts[i] = list.get(i).get("pct").decimalValue();
            }
        } else {
            int[] buckets = new int[list.size()];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = (int) Math.round(list.get(i).get("share").asDouble() * BucketHash.BUCKETS);
            }
            int remaining = BucketHash.BUCKETS - buckets[0];
            pcts[0] = BigDecimal.valueOf(buckets[0]).movePointLeft(2);
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 1; i < pcts.length; i++) {
                if (i == pcts.length - 1) {
                    pcts[i] = HUNDRED.subtract(sum);
                } else {
                    pcts[i] = remaining == 0 ? (i == 1 ? HUNDRED : BigDecimal.ZERO)
                            : BigDecimal.valueOf(buckets[i] * 100L).divide(BigDecimal.valueOf(remaining), 6,
                            RoundingMode.HALF_UP);
                    sum = sum.add(pcts[i]);
                }
            }
        }
        List<Challenger> challengers = new ArrayList<>();
        for (int i = 2; i < list.size(); i++) {
            challengers.add(new Challenger(list.get(i).get("variant").asText(), text(list.get(i).get("modelId")),
                    pcts[i]));
        }
        return new ConfigurationVersion(version, phase, createdAt, pcts[0], pcts[1], text(list.get(1).get("modelId")),
                challengers);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
