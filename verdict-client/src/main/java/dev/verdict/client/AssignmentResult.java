package dev.verdict.client;

/**
 * The variant a customer gets in an experiment.
 *
 * @param variant       {@code __champion__}, {@code __holdout__} or a challenger's model key
 * @param modelId       the model serving the variant; null for the holdout, for an unknown experiment, and for a
 *                      champion the experiment has none for
 * @param modelKey      the key of that model, or null when {@code modelId} is
 * @param controlGroup  true for the holdout, which gets no model
 * @param phase         the experiment's phase; 0 for an unknown experiment
 * @param configVersion the configuration version the answer was computed under: the current version for a local
 *                      answer and for the fallback; for a server answer the newest live version whose layout gives
 *                      the customer that variant; 0 for an unknown experiment
 * @param source        local, server or fallback
 */
public record AssignmentResult(String variant, String modelId, String modelKey, boolean controlGroup, int phase,
                               int configVersion, AssignmentSource source) {
}
