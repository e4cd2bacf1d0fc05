package dev.verdict.experiment;

import java.util.Map;

/**
 * The evidence about a challenger at the moment an update removes it (its comparison with the champion and the
 * sample-ratio check of the phase), for the {@code experiment.challenger_stopped} event. Implemented by the results
 * feature, which depends on this one and not the other way round.
 */
public interface StoppedChallengerEvidence {

    /** The evidence of the current phase of {@code before} about the challenger serving {@code modelId}, or null. */
    Map<String, Object> evidence(ExperimentSnapshot before, String modelId);
}
