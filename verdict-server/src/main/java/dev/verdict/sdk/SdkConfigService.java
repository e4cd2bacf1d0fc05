package dev.verdict.sdk;

import dev.verdict.core.SdkConfig;

import dev.verdict.assignment.AssignmentProperties;
import dev.verdict.core.BucketLayout;
import dev.verdict.experiment.ConfigurationVersion;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.model.AlgorithmModel;
import dev.verdict.model.ModelService;
import dev.verdict.core.SdkConfig.ChallengerConfig;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import dev.verdict.core.SdkConfig.ModelConfig;
import dev.verdict.core.SdkConfig.VersionConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Builds the configuration feed of a tenant. */
@Service
public class SdkConfigService {

    private final ExperimentService experiments;
    private final ModelService models;
    private final AssignmentProperties assignment;
    private final JsonMapper json;
    private final Clock clock;

    SdkConfigService(ExperimentService experiments, ModelService models, AssignmentProperties assignment,
                     JsonMapper json, Clock clock) {
        this.experiments = experiments;
        this.models = models;
        this.assignment = assignment;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The feed at this instant. A version can still have live assignments when it is the current one or when its
     * successor began less than the assignment TTL ago (an assignment made just before the change lives a TTL);
     * that includes every version created within the TTL.
     */
    public SdkConfig config(String tenantId) {
        Instant horizon = clock.instant().minus(assignment.ttl());
        Map<Experiment, List<ConfigurationVersion>> running = experiments.runningWithVersions(tenantId);
        Set<String> modelIds = new LinkedHashSet<>();
        running.values().forEach(vs -> vs.forEach(v -> {
            if (v.championModelId() != null) {
                modelIds.add(v.championModelId());
            }
            v.challengers().forEach(c -> modelIds.add(c.modelId()));
        }));
        Map<String, AlgorithmModel> byId = models.findAll(tenantId, modelIds).stream()
                .collect(Collectors.toMap(AlgorithmModel::id, Function.identity()));
        List<ExperimentConfig> out = new ArrayList<>();
        running.forEach((e, versions) -> {
            List<VersionConfig> live = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                ConfigurationVersion v = versions.get(i);
                boolean current = v.version() == e.configVersion();
                boolean recent = i + 1 < versions.size() && versions.get(i + 1).createdAt().isAfter(horizon);
                if (current || recent) {
                    live.add(version(v, byId));
                }
            }
            out.add(new ExperimentConfig(e.id(), e.key(), e.status().wire(), e.phase(), e.configVersion(), live));
        });
        long ttl = assignment.ttl().toSeconds();
        return new SdkConfig(revision(ttl, out), ttl, out);
    }

    private static VersionConfig version(ConfigurationVersion v, Map<String, AlgorithmModel> byId) {
        List<ModelConfig> modelConfigs = new ArrayList<>();
        modelConfigs.add(model(BucketLayout.CHAMPION, v.championModelId(), byId));
        List<ChallengerConfig> challengers = new ArrayList<>();
        for (ConfigurationVersion.Challenger c : v.challengers()) {
            challengers.add(new ChallengerConfig(c.variant(), c.modelId(), c.pct()));
            modelConfigs.add(model(c.variant(), c.modelId(), byId));
        }
        return new VersionConfig(v.version(), v.createdAt(), v.holdoutPct(), v.championPct(), challengers,
                modelConfigs);
    }

    private static ModelConfig model(String variant, String modelId, Map<String, AlgorithmModel> byId) {
        AlgorithmModel m = modelId == null ? null : byId.get(modelId);
        return new ModelConfig(variant, modelId, m == null ? null : m.key());
    }

    /** A digest of everything the feed says, so any change to it, and only a change, gives a new revision. */
    private String revision(long ttl, List<ExperimentConfig> experiments) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((ttl + "|" + json.writeValueAsString(experiments))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
