package dev.verdict.client;

import dev.verdict.core.SdkConfig;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A configuration feed compiled for assignment: its experiments by key, and the revision it was compiled from. */
final class CompiledFeed {

    final String revision;
    final long assignmentTtlSeconds;
    private final Map<String, CompiledExperiment> byKey;

    private CompiledFeed(String revision, long assignmentTtlSeconds, Map<String, CompiledExperiment> byKey) {
        this.revision = revision;
        this.assignmentTtlSeconds = assignmentTtlSeconds;
        this.byKey = byKey;
    }

    /**
     * Compiles every experiment of the feed. An experiment that cannot be compiled is left out (its key then answers
     * the unknown-experiment fallback) and reported to {@code invalid}; the others still work.
     */
    static CompiledFeed compile(SdkConfig config, Consumer<ClientError> invalid) {
        Map<String, CompiledExperiment> byKey = new HashMap<>();
        List<ExperimentConfig> experiments = config.experiments() == null ? List.of() : config.experiments();
        for (ExperimentConfig e : experiments) {
            try {
                CompiledExperiment compiled = CompiledExperiment.compile(e);
                byKey.put(compiled.key, compiled);
            } catch (RuntimeException ex) {
                invalid.accept(new ClientError(ClientError.Kind.CONFIG_INVALID, e == null ? null : e.key(),
                        "experiment left out of the compiled configuration: " + ex.getMessage(), ex));
            }
        }
        return new CompiledFeed(config.revision(), config.assignmentTtlSeconds(), Map.copyOf(byKey));
    }

    /** The experiment with this key, or null. Allocates nothing. */
    CompiledExperiment experiment(String key) {
        return byKey.get(key);
    }

    /** The ETag the server gives this feed. */
    String etag() {
        return revision == null ? null : "\"" + revision + "\"";
    }

    /** Whether some experiment of {@code previous} changes phase or current version (or disappears) in this one. */
    boolean changesVersionsOf(CompiledFeed previous) {
        if (previous == null) {
            return false;
        }
        for (CompiledExperiment old : previous.byKey.values()) {
            if (!old.sameVersionAs(byKey.get(old.key))) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return byKey.size();
    }
}
