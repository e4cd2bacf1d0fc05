package dev.verdict.decision;

/**
 * What the policy knows of one challenger of the current phase.
 *
 * @param samples          units of the challenger's arm
 * @param uplift           the stratified (CMH-weighted) difference pT − pC, null when undefined
 * @param alwaysValidLower the largest always-valid lower bound of the uplift seen so far in the phase (level
 *                         1 − α/k, k challengers), null while the sequential test has not started
 * @param sequentialPValue the smallest always-valid p-value of "uplift ≤ 0" seen so far, adjusted for k
 */
public record ChallengerEvidence(String modelId, String variant, long samples, Double uplift,
                                 Double alwaysValidLower, Double sequentialPValue) {

    public ChallengerEvidence {
        if (modelId == null) {
            throw new IllegalArgumentException("modelId must not be null");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative, got " + samples);
        }
    }
}
