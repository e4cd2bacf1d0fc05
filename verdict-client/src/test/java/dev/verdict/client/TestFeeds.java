package dev.verdict.client;

import dev.verdict.core.BucketLayout;
import dev.verdict.core.SdkConfig;
import dev.verdict.core.SdkConfig.ChallengerConfig;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import dev.verdict.core.SdkConfig.ModelConfig;
import dev.verdict.core.SdkConfig.VersionConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds configuration feeds in tests: {@code feed(experiment("k", version(1, "0", "50", "c", "50")))}. */
final class TestFeeds {

    static final URI NOWHERE = URI.create("http://localhost:9");

    private TestFeeds() {
    }

    static SdkConfig feed(ExperimentConfig... experiments) {
        return new SdkConfig("rev-test", 30L * 24 * 3600, List.of(experiments));
    }

    /** An active experiment whose current version is the highest listed. */
    static ExperimentConfig experiment(String key, VersionConfig... versions) {
        return experiment(key, "active", versions);
    }

    static ExperimentConfig experiment(String key, String status, VersionConfig... versions) {
        int current = 0;
        for (VersionConfig v : versions) {
            current = Math.max(current, v.version());
        }
        return new ExperimentConfig("id-" + key, key, status, 1, current, List.of(versions));
    }

    /** version(number, holdoutPct, championPct, variant1, pct1, variant2, pct2, ...); model of a variant: m-variant. */
    static VersionConfig version(int number, String holdout, String champion, String... challengers) {
        return versionWithChampionModel(number, "m-champion", holdout, champion, challengers);
    }

    static VersionConfig versionWithChampionModel(int number, String championModel, String holdout, String champion,
                                                  String... challengers) {
        List<ChallengerConfig> arms = new ArrayList<>();
        List<ModelConfig> models = new ArrayList<>();
        models.add(new ModelConfig(BucketLayout.CHAMPION, championModel, championModel + "-key"));
        for (int i = 0; i < challengers.length; i += 2) {
            String variant = challengers[i];
            arms.add(new ChallengerConfig(variant, "m-" + variant, new BigDecimal(challengers[i + 1])));
            models.add(new ModelConfig(variant, "m-" + variant, variant));
        }
        return new VersionConfig(number, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(number * 3600L),
                new BigDecimal(holdout), new BigDecimal(champion), arms, models);
    }

    /** An offline client assigning from {@code config}. */
    static VerdictClient offline(SdkConfig config) {
        return VerdictClient.builder(NOWHERE, "unused-key").offline().initialConfig(config)
                .listener(new VerdictListener() { }).build();
    }
}
