package dev.verdict.client;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.SdkConfig.ChallengerConfig;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import dev.verdict.core.SdkConfig.ModelConfig;
import dev.verdict.core.SdkConfig.VersionConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One experiment of the feed, compiled for assignment without allocation: per bucket, the index of the answer every
 * live configuration version agrees on (or {@link #AMBIGUOUS}), and the index of the newest version's answer (the
 * fallback). The answers themselves are built once per variant. Immutable.
 */
final class CompiledExperiment {

    static final short AMBIGUOUS = -1;

    final String id;
    final String key;
    final int phase;
    final int configVersion;
    final boolean active;
    /** A hash of the id, mixed into the slot of the recently-reported table. */
    final int idHash;
    /** What a paused experiment answers: the champion, as the server's unrecorded answer. */
    final AssignmentResult champion;

    private final short[] agreed;
    private final short[] newest;
    private final AssignmentResult[] local;
    private final AssignmentResult[] fallback;
    /** The live versions, newest first, for the version a server answer belongs to. */
    private final int[] versions;
    private final BucketLayout[] layouts;
    /** The current version's model per variant: a cached server answer stays valid while its model is the same. */
    private final Map<String, String> currentModelIds;
    private final int ambiguousBuckets;

    private CompiledExperiment(ExperimentConfig e, List<VersionConfig> newestFirst) {
        this.id = requireText(e.id(), "id");
        this.key = requireText(e.key(), "key");
        this.phase = e.phase();
        this.idHash = id.hashCode();
        this.active = "active".equals(e.status());
        VersionConfig current = newestFirst.stream().filter(v -> v.version() == e.configVersion()).findFirst()
                .orElse(newestFirst.get(0));
        this.configVersion = current.version();

        this.versions = new int[newestFirst.size()];
        this.layouts = new BucketLayout[newestFirst.size()];
        // The current version first, then the others newest first: the first match is the newest that fits.
        List<VersionConfig> ordered = new ArrayList<>();
        ordered.add(current);
        newestFirst.stream().filter(v -> v != current).forEach(ordered::add);
        for (int i = 0; i < ordered.size(); i++) {
            versions[i] = ordered.get(i).version();
            layouts[i] = layout(ordered.get(i));
        }

        Map<String, ModelConfig> models = new HashMap<>();
        if (current.models() != null) {
            for (ModelConfig m : current.models()) {
                models.put(m.variant(), m);
            }
        }
        List<String> variants = layouts[0].variants();
        if (variants.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many variants: " + variants.size());
        }
        Map<String, Short> index = new HashMap<>();
        local = new AssignmentResult[variants.size()];
        fallback = new AssignmentResult[variants.size()];
        currentModelIds = new HashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            String variant = variants.get(i);
            index.put(variant, (short) i);
            ModelConfig m = BucketLayout.HOLDOUT.equals(variant) ? null : models.get(variant);
            String modelId = m == null ? null : m.modelId();
            String modelKey = m == null ? null : m.modelKey();
            currentModelIds.put(variant, modelId);
            boolean holdout = BucketLayout.HOLDOUT.equals(variant);
            local[i] = new AssignmentResult(variant, modelId, modelKey, holdout, phase, configVersion,
                    AssignmentSource.LOCAL);
            fallback[i] = new AssignmentResult(variant, modelId, modelKey, holdout, phase, configVersion,
                    AssignmentSource.FALLBACK);
        }
        this.champion = local[index.get(BucketLayout.CHAMPION)];

        agreed = new short[BucketHash.BUCKETS];
        newest = new short[BucketHash.BUCKETS];
        int ambiguous = 0;
        for (int b = 0; b < BucketHash.BUCKETS; b++) {
            String variant = layouts[0].variantOf(b);
            short i = index.get(variant);
            newest[b] = i;
            boolean same = true;
            for (int v = 1; v < layouts.length && same; v++) {
                same = variant.equals(layouts[v].variantOf(b));
            }
            agreed[b] = same ? i : AMBIGUOUS;
            if (!same) {
                ambiguous++;
            }
        }
        this.ambiguousBuckets = ambiguous;
    }

    /** Compiles an experiment of the feed; throws IllegalArgumentException when its configuration is unusable. */
    static CompiledExperiment compile(ExperimentConfig e) {
        if (e.versions() == null || e.versions().isEmpty()) {
            throw new IllegalArgumentException("experiment " + e.key() + " lists no configuration version");
        }
        List<VersionConfig> newestFirst = new ArrayList<>(e.versions());
        newestFirst.sort(Comparator.comparingInt(VersionConfig::version).reversed());
        return new CompiledExperiment(e, newestFirst);
    }

    private static BucketLayout layout(VersionConfig v) {
        List<Arm> arms = new ArrayList<>();
        if (v.challengers() != null) {
            for (ChallengerConfig c : v.challengers()) {
                arms.add(new Arm(c.variant(), c.pct()));
            }
        }
        return new BucketLayout(v.holdoutPct(), v.championPct(), arms);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("experiment without " + name);
        }
        return value;
    }

    /** The answer every live version agrees on for the bucket (source LOCAL), or null when the bucket moved. */
    AssignmentResult agreedAnswer(int bucket) {
        short i = agreed[bucket];
        return i == AMBIGUOUS ? null : local[i];
    }

    /** The newest version's answer for the bucket, marked FALLBACK. */
    AssignmentResult fallbackAnswer(int bucket) {
        return fallback[newest[bucket]];
    }

    /** The newest live version whose layout gives the bucket this variant; the current version when none does. */
    int versionGiving(String variant, int bucket) {
        for (int i = 0; i < layouts.length; i++) {
            if (layouts[i].variantOf(bucket).equals(variant)) {
                return versions[i];
            }
        }
        return configVersion;
    }

    /** Whether the current version serves {@code variant} with {@code modelId} (the server's validity rule). */
    boolean servesWithModel(String variant, String modelId) {
        return currentModelIds.containsKey(variant) && Objects.equals(currentModelIds.get(variant), modelId);
    }

    /** How many of the 10,000 buckets moved between live versions (their customers need the server). */
    int ambiguousBuckets() {
        return ambiguousBuckets;
    }

    /** The live versions, current first. */
    int[] liveVersions() {
        return versions.clone();
    }

    /** Whether a customer of {@code other} may now get a different answer: another phase or current version. */
    boolean sameVersionAs(CompiledExperiment other) {
        return other != null && other.id.equals(id) && other.phase == phase && other.configVersion == configVersion;
    }
}
