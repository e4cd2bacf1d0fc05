package dev.verdict.experiment;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How an experiment divides its traffic: the holdout is taken from all traffic first, and the champion's share plus
 * the challengers' shares of the rest must be exactly 100. Percentages are exact decimals from 0 to 100 with at most
 * two decimal places, kept without trailing zeros. A split that breaks a rule cannot be built.
 */
public record Split(BigDecimal championPct, List<Challenger> challengers, BigDecimal holdoutPct) {

    /** The champion's share when a request names none. */
    public static final BigDecimal DEFAULT_CHAMPION_PCT = BigDecimal.valueOf(80);

    public Split {
        championPct = Percentages.check("trafficSplit.championPct", championPct);
        challengers = checked(challengers);
        requireSumOf100(championPct, false, challengers);
        holdoutPct = Percentages.check("holdoutPercent", holdoutPct);
    }

    /**
     * A split whose champion share was not given: the default 80, and a refusal that says so
     * ("championPct 80 (default) + challengers 0 = 80; must equal 100").
     */
    static Split withDefaultChampionShare(List<Challenger> challengers, BigDecimal holdoutPct) {
        List<Challenger> normal = checked(challengers);
        requireSumOf100(DEFAULT_CHAMPION_PCT, true, normal);
        return new Split(DEFAULT_CHAMPION_PCT, normal, holdoutPct);
    }

    /** The champion alone with every (non-holdout) customer, nothing held out. */
    public static Split championOnly() {
        return new Split(Percentages.HUNDRED, List.of(), BigDecimal.ZERO);
    }

    /** The split after {@code modelId}'s challenger became the champion: its share joins the champion's. */
    Split promoting(Challenger winner) {
        return new Split(championPct.add(winner.trafficPct()),
                challengers.stream().filter(c -> !c.equals(winner)).toList(), holdoutPct);
    }

    /** Whether customers would land in other buckets under {@code other} (exact decimals, not scale). */
    boolean bucketsDifferFrom(Split other) {
        return championPct.compareTo(other.championPct) != 0 || holdoutPct.compareTo(other.holdoutPct) != 0
                || !challengers.equals(other.challengers);
    }

    /** Each challenger present, with a model id and a valid percentage, before the split is summed. */
    private static List<Challenger> checked(List<Challenger> list) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > Experiment.MAX_CHALLENGERS) {
            throw DomainException.validation("challengers",
                    "must have at most " + Experiment.MAX_CHALLENGERS + " entries");
        }
        List<Challenger> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Challenger c = list.get(i);
            if (c == null || c.modelId() == null || c.modelId().isBlank()) {
                throw DomainException.validation("challengers[" + i + "].modelId", "is required");
            }
            out.add(new Challenger(c.modelId(),
                    Percentages.check("challengers[" + i + "].trafficPct", c.trafficPct())));
        }
        return List.copyOf(out);
    }

    /**
     * championPct + Σ challengers must be exactly 100. The message shows the arithmetic, e.g.
     * "championPct 80 (default) + challengers 0 = 80; must equal 100".
     */
    private static void requireSumOf100(BigDecimal championPct, boolean championDefaulted,
                                        List<Challenger> challengers) {
        BigDecimal challengerSum = challengers.stream().map(Challenger::trafficPct)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = championPct.add(challengerSum);
        if (total.compareTo(Percentages.HUNDRED) != 0) {
            String parts = challengers.isEmpty() ? "0" : challengers.size() == 1
                    ? Percentages.normal(challengerSum).toPlainString()
                    : challengers.stream().map(c -> Percentages.normal(c.trafficPct()).toPlainString())
                    .collect(Collectors.joining(" + ", "(", ")")) + " = "
                    + Percentages.normal(challengerSum).toPlainString();
            throw DomainException.invalid("INVALID_TRAFFIC_SPLIT", "Traffic split must sum to 100: championPct "
                    + Percentages.normal(championPct).toPlainString() + (championDefaulted ? " (default)" : "")
                    + " + challengers " + parts + " = " + Percentages.normal(total).toPlainString()
                    + "; must equal 100");
        }
    }
}
