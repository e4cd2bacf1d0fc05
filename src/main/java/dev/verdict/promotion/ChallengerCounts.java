package dev.verdict.promotion;

/** A challenger's model, its variant name and its counts. */
public record ChallengerCounts(String modelId, String variant, long samples, long conversions) {

    public ChallengerCounts {
        if (modelId == null) {
            throw new IllegalArgumentException("modelId must not be null");
        }
        PolicyInput.requireCounts("challenger " + modelId, samples, conversions);
    }
}
