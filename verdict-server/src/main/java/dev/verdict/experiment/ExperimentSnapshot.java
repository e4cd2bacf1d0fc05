package dev.verdict.experiment;

import dev.verdict.core.BucketLayout;
import dev.verdict.core.Arm;

import dev.verdict.model.AlgorithmModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment with everything the hot path needs precomputed: the bucket layout and, per variant, the model to
 * use. Built once per configuration and cached; never re-parsed per request.
 */
public record ExperimentSnapshot(Experiment experiment, BucketLayout layout, Map<String, VariantModel> variants) {

    /** The model behind a variant (null ids for the holdout). */
    public record VariantModel(String variant, String modelId, String modelKey) { }

    static ExperimentSnapshot of(Experiment e, Map<String, AlgorithmModel> models) {
        List<Arm> arms = new ArrayList<>();
        Map<String, VariantModel> variants = new LinkedHashMap<>();
        variants.put(BucketLayout.HOLDOUT, new VariantModel(BucketLayout.HOLDOUT, null, null));
        AlgorithmModel champion = e.championModelId() == null ? null : models.get(e.championModelId());
        variants.put(BucketLayout.CHAMPION, new VariantModel(BucketLayout.CHAMPION, e.championModelId(),
                champion == null ? null : champion.key()));
        for (Challenger c : e.challengers()) {
            AlgorithmModel m = models.get(c.modelId());
            String variant = m == null ? c.modelId() : m.key();
            arms.add(new Arm(variant, c.trafficPct()));
            variants.put(variant, new VariantModel(variant, c.modelId(), m == null ? null : m.key()));
        }
        return new ExperimentSnapshot(e, new BucketLayout(e.holdoutPct(), e.championPct(), arms), variants);
    }

    /** The variant of the challenger with this model id, or null when it is not a challenger. */
    public String variantOfModel(String modelId) {
        for (VariantModel v : variants.values()) {
            if (modelId != null && modelId.equals(v.modelId()) && !v.variant().equals(BucketLayout.CHAMPION)) {
                return v.variant();
            }
        }
        return null;
    }
}
