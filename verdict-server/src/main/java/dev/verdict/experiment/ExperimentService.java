package dev.verdict.experiment;

import dev.verdict.core.BucketLayout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.audit.AuditLog;
import dev.verdict.common.CacheProperties;
import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import dev.verdict.event.EventType;
import dev.verdict.event.Events;
import dev.verdict.model.AlgorithmModel;
import dev.verdict.model.ModelService;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Experiment use cases, and the cached snapshots other features read on their hot paths. */
@Service
public class ExperimentService {

    private record CacheKey(String tenantId, String id) { }

    private final ExperimentRepository experiments;
    private final ModelService models;
    private final AuditLog audit;
    private final CursorCodec cursors;
    private final JsonMapper json;
    private final Clock clock;
    private final Events events;
    private final ObjectProvider<StoppedChallengerEvidence> stopEvidence;
    private final Cache<CacheKey, Optional<ExperimentSnapshot>> snapshots;
    private final ApplicationEventPublisher publisher;

    ExperimentService(ExperimentRepository experiments, ModelService models, AuditLog audit, CursorCodec cursors,
                      JsonMapper json, Clock clock, Events events, ApplicationEventPublisher publisher,
                      ObjectProvider<StoppedChallengerEvidence> stopEvidence,
                      CacheProperties caches) {
        this.publisher = publisher;
        this.experiments = experiments;
        this.models = models;
        this.audit = audit;
        this.events = events;
        this.stopEvidence = stopEvidence;
        this.cursors = cursors;
        this.json = json;
        this.clock = clock;
        this.snapshots = Caffeine.newBuilder().expireAfterWrite(caches.experimentTtl()).maximumSize(50_000).build();
    }

    @Transactional
    public ExperimentView create(String tenantId, String actor, ExperimentRequest request) {
        Instant now = Timestamps.millis(clock.instant());
        Experiment experiment = Experiment.create(tenantId, Ids.next("exp", clock), request,
                resultsJson(request.results()), now);
        Map<String, AlgorithmModel> referenced = requireModels(tenantId, experiment);
        try {
            experiments.insert(experiment);
        } catch (DuplicateKeyException e) {
            throw DomainException.invalid("DUPLICATE_KEY",
                    "An experiment with key '" + experiment.key() + "' already exists");
        } catch (DataIntegrityViolationException e) {
            throw unknownModelRace();
        }
        recordConfigVersion(experiment, referenced);
        ExperimentView view = view(experiment, referenced);
        audit.record(tenantId, actor, "experiment.created", "experiment", experiment.id(), null, view);
        events.publish(tenantId, EventType.EXPERIMENT_CREATED, experiment.id(), Map.of("experiment", view));
        return view;
    }

    @Transactional(readOnly = true)
    public ExperimentView get(String tenantId, String id) {
        Experiment e = experiments.find(tenantId, id).orElseThrow(() -> notFound(id));
        return view(e, modelsOf(tenantId, List.of(e)));
    }

    @Transactional(readOnly = true)
    public PageResponse<ExperimentView> list(String tenantId, String status, String limit, String cursor) {
        String statusFilter = status == null ? null : ExperimentStatus.parse("status", status).wire();
        String scope = "experiments|" + tenantId + "|" + statusFilter;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        List<Experiment> rows = experiments.page(tenantId, statusFilter, page.after(), page.fetchSize());
        Map<String, AlgorithmModel> referenced = modelsOf(tenantId, rows);
        return PageResponse.of(rows, page, experiments.count(tenantId, statusFilter), e -> view(e, referenced),
                e -> new Keyset(e.createdAt(), e.id()), cursors, scope);
    }

    @Transactional
    public ExperimentView update(String tenantId, String actor, String id, ExperimentRequest request) {
        Experiment current = experiments.findForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
        Experiment next = current.update(request, resultsJson(request.results()),
                Timestamps.millis(clock.instant()));
        Map<String, AlgorithmModel> referenced = requireModels(tenantId, next);
        Map<String, AlgorithmModel> previousModels = modelsOf(tenantId, List.of(current));
        Map<String, Map<String, Object>> stopped = stoppedChallengers(current, next, previousModels);
        try {
            experiments.update(next);
        } catch (DuplicateKeyException e) {
            throw DomainException.invalid("DUPLICATE_KEY", "An experiment with key '" + next.key()
                    + "' already exists");
        } catch (DataIntegrityViolationException e) {
            throw unknownModelRace();
        }
        if (next.configVersion() != current.configVersion()) {
            recordConfigVersion(next, referenced);
        }
        invalidateAfterCommit(tenantId, id);
        ExperimentView before = view(current, previousModels);
        ExperimentView after = view(next, referenced);
        audit.record(tenantId, actor, "experiment.updated", "experiment", id, before, after);
        events.publish(tenantId, EventType.EXPERIMENT_UPDATED, id, Map.of("experiment", after));
        if (next.status() != current.status()) {
            events.publish(tenantId, EventType.EXPERIMENT_STATUS_CHANGED, id, Map.of("experiment", after,
                    "previousStatus", current.status(), "status", next.status()));
        }
        stopped.forEach((modelId, stop) -> {
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("experiment", after);
            data.putAll(stop);
            events.publish(tenantId, EventType.EXPERIMENT_CHALLENGER_STOPPED, id, data);
        });
        return after;
    }

    @Transactional
    public void delete(String tenantId, String actor, String id) {
        Experiment current = experiments.findForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
        ExperimentView before = view(current, modelsOf(tenantId, List.of(current)));
        publisher.publishEvent(new ExperimentDeleted(tenantId, id));
        experiments.delete(tenantId, id);
        invalidateAfterCommit(tenantId, id);
        audit.record(tenantId, actor, "experiment.deleted", "experiment", id, before, null);
        events.publish(tenantId, EventType.EXPERIMENT_DELETED, id, Map.of("experiment", before));
    }

    /**
     * The experiment as the hot paths use it, cached. A change made on this node is seen at once (the entry is
     * dropped when the change commits); a change made on another node within the cache TTL (default 5 s).
     */
    public ExperimentSnapshot snapshot(String tenantId, String id) {
        return snapshots.get(new CacheKey(tenantId, id), k -> loadSnapshot(tenantId, id)).orElseThrow(
                () -> notFound(id));
    }

    /** Uncached, for the work that must see the latest committed state (promotion). */
    public Optional<ExperimentSnapshot> loadSnapshot(String tenantId, String id) {
        return experiments.find(tenantId, id).map(e -> ExperimentSnapshot.of(e, modelsOf(tenantId, List.of(e))));
    }

    /** Locks the experiment row for the caller's transaction and returns its current state. */
    @Transactional
    public Optional<ExperimentSnapshot> lockSnapshot(String tenantId, String id) {
        return experiments.findForUpdate(tenantId, id)
                .map(e -> ExperimentSnapshot.of(e, modelsOf(tenantId, List.of(e))));
    }

    /** Stores a promoted state (the caller holds the row lock), with its new configuration version. */
    @Transactional
    public ExperimentView savePromoted(Experiment promoted, String actor, Experiment before) {
        experiments.update(promoted);
        Map<String, AlgorithmModel> referenced = modelsOf(promoted.tenantId(), List.of(promoted, before));
        recordConfigVersion(promoted, referenced);
        invalidateAfterCommit(promoted.tenantId(), promoted.id());
        ExperimentView after = view(promoted, referenced);
        audit.record(promoted.tenantId(), actor, "experiment.promoted", "experiment", promoted.id(),
                view(before, referenced), after);
        return after;
    }

    /**
     * The arms of the last configuration version of a phase with the model each one served (none for the holdout),
     * so an ended phase's results still name its models after a promotion has changed the experiment.
     */
    @Transactional(readOnly = true)
    public Map<String, ExperimentSnapshot.VariantModel> phaseModels(String tenantId, String id, int phase) {
        List<ExperimentRepository.ConfigVersion> versions = experiments.configVersions(tenantId, id, phase);
        Map<String, ExperimentSnapshot.VariantModel> out = new java.util.LinkedHashMap<>();
        if (versions.isEmpty()) {
            return out;
        }
        Map<String, String> modelIds = new java.util.LinkedHashMap<>();
        json.readTree(versions.get(versions.size() - 1).layoutJson()).forEach(a -> {
            JsonNode modelId = a.get("modelId");
            modelIds.put(a.get("variant").asText(), modelId == null || modelId.isNull() ? null : modelId.asText());
        });
        Map<String, AlgorithmModel> found = models.findAll(tenantId, modelIds.values().stream()
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet())).stream()
                .collect(Collectors.toMap(AlgorithmModel::id, Function.identity()));
        modelIds.forEach((variant, modelId) -> {
            AlgorithmModel m = modelId == null ? null : found.get(modelId);
            out.put(variant, new ExperimentSnapshot.VariantModel(variant, modelId, m == null ? null : m.key()));
        });
        return out;
    }

    /** Active auto-promote experiments of every tenant, as (tenant, id) pairs. */
    @Transactional(readOnly = true)
    public List<Map.Entry<String, String>> activeAutoPromote() {
        return experiments.activeAutoPromote();
    }

    public void invalidate(String tenantId, String id) {
        snapshots.invalidate(new CacheKey(tenantId, id));
    }

    private void invalidateAfterCommit(String tenantId, String id) {
        invalidate(tenantId, id);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    invalidate(tenantId, id);
                }
            });
        }
    }

    /**
     * The challengers an update removes (not those it makes champion), each with the phase it served in and the
     * evidence of that phase as it stood before the update.
     */
    private Map<String, Map<String, Object>> stoppedChallengers(Experiment current, Experiment next,
                                                                Map<String, AlgorithmModel> previousModels) {
        Set<String> remaining = new java.util.HashSet<>();
        next.challengers().forEach(c -> remaining.add(c.modelId()));
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        ExperimentSnapshot before = null;
        for (Challenger c : current.challengers()) {
            if (remaining.contains(c.modelId()) || c.modelId().equals(next.championModelId())) {
                continue;
            }
            if (before == null) {
                before = ExperimentSnapshot.of(current, previousModels);
            }
            AlgorithmModel model = previousModels.get(c.modelId());
            Map<String, Object> stop = new java.util.LinkedHashMap<>();
            stop.put("challenger", Map.of("modelId", c.modelId(), "modelKey", model == null ? "" : model.key(),
                    "trafficPct", c.trafficPct()));
            stop.put("phase", current.phase());
            StoppedChallengerEvidence source = stopEvidence.getIfAvailable();
            stop.put("evidence", source == null ? null : source.evidence(before, c.modelId()));
            out.put(c.modelId(), stop);
        }
        return out;
    }

    private void recordConfigVersion(Experiment e, Map<String, AlgorithmModel> referenced) {
        ExperimentSnapshot snapshot = ExperimentSnapshot.of(e, referenced);
        List<Map<String, Object>> arms = new ArrayList<>();
        snapshot.layout().expectedShares().forEach((variant, share) -> {
            ExperimentSnapshot.VariantModel vm = snapshot.variants().get(variant);
            Map<String, Object> arm = new java.util.LinkedHashMap<>();
            arm.put("variant", variant);
            arm.put("modelId", vm == null ? null : vm.modelId());
            arm.put("share", share);
            arm.put("pct", pctOf(e, variant, vm));
            arms.add(arm);
        });
        experiments.insertConfigVersion(e.tenantId(), e.id(), e.configVersion(), e.phase(),
                json.writeValueAsString(arms), e.updatedAt());
    }

    /** The percentage of an arm as the experiment states it (holdout: of all traffic; others: of the rest). */
    private static java.math.BigDecimal pctOf(Experiment e, String variant, ExperimentSnapshot.VariantModel vm) {
        if (BucketLayout.HOLDOUT.equals(variant)) {
            return e.holdoutPct();
        }
        if (BucketLayout.CHAMPION.equals(variant)) {
            return e.championPct();
        }
        return e.challengers().stream().filter(c -> vm != null && c.modelId().equals(vm.modelId()))
                .map(Challenger::trafficPct).findFirst().orElse(java.math.BigDecimal.ZERO);
    }

    /** The configuration versions of a phase, with their exact layouts, in version order. */
    @Transactional(readOnly = true)
    public List<ConfigurationVersion> configurationVersions(String tenantId, String id, int phase) {
        return experiments.configVersions(tenantId, id, phase).stream().map(this::configuration).toList();
    }

    /**
     * The tenant's active and paused experiments, each with the configuration versions of its current phase in
     * version order.
     */
    @Transactional(readOnly = true)
    public Map<Experiment, List<ConfigurationVersion>> runningWithVersions(String tenantId) {
        List<Experiment> running = experiments.running(tenantId);
        Map<String, List<ExperimentRepository.ConfigVersion>> versions = experiments.configVersionsOf(tenantId,
                running.stream().map(Experiment::id).toList());
        Map<Experiment, List<ConfigurationVersion>> out = new java.util.LinkedHashMap<>();
        for (Experiment e : running) {
            out.put(e, versions.getOrDefault(e.id(), List.of()).stream().filter(v -> v.phase() == e.phase())
                    .map(this::configuration).toList());
        }
        return out;
    }

    private ConfigurationVersion configuration(ExperimentRepository.ConfigVersion v) {
        return ConfigurationVersion.read(v.version(), v.phase(), v.createdAt(), json.readTree(v.layoutJson()));
    }

    private Map<String, AlgorithmModel> requireModels(String tenantId, Experiment e) {
        Set<String> ids = new LinkedHashSet<>(e.modelIds());
        Map<String, AlgorithmModel> found = models.findAll(tenantId, ids).stream()
                .collect(Collectors.toMap(AlgorithmModel::id, Function.identity()));
        for (String id : ids) {
            if (!found.containsKey(id)) {
                throw DomainException.invalid("UNKNOWN_MODEL", "Model " + (id.length() > 64 ? id.substring(0, 64)
                        : id) + " does not exist");
            }
        }
        return found;
    }

    private Map<String, AlgorithmModel> modelsOf(String tenantId, List<Experiment> list) {
        Set<String> ids = new LinkedHashSet<>();
        list.forEach(e -> ids.addAll(e.modelIds()));
        return models.findAll(tenantId, ids).stream()
                .collect(Collectors.toMap(AlgorithmModel::id, Function.identity()));
    }

    private ExperimentView view(Experiment e, Map<String, AlgorithmModel> referenced) {
        return ExperimentView.of(e, referenced, e.resultsJson() == null ? null : json.readTree(e.resultsJson()));
    }

    private String resultsJson(Map<String, Object> results) {
        if (results == null) {
            return null;
        }
        requireFiniteNumbers("results", results);
        String text = json.writeValueAsString(results);
        // 256 KiB is a size in bytes: a text of multi-byte characters is longer than its length in chars.
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Experiment.MAX_RESULTS_CHARS) {
            throw DomainException.validation("results", "must be at most 256 KiB");
        }
        return text;
    }

    /**
     * JSON numbers too large for a double (1e309) arrive as infinities and would be written back as the strings
     * "Infinity"/"-Infinity": refuse them instead of storing something other than what was sent.
     */
    private static void requireFiniteNumbers(String path, Object value) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw DomainException.validation(path, "must be a finite number");
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> requireFiniteNumbers(path + "." + k, v));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireFiniteNumbers(path + "[" + i + "]", list.get(i));
            }
        }
    }

    private static DomainException unknownModelRace() {
        return DomainException.invalid("UNKNOWN_MODEL", "A referenced model was deleted concurrently");
    }

    static DomainException notFound(String id) {
        return DomainException.notFound("Experiment", id);
    }
}
