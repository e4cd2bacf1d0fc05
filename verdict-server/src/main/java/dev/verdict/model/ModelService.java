package dev.verdict.model;

import dev.verdict.audit.AuditLog;
import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import dev.verdict.event.EventType;
import dev.verdict.event.Events;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registry operations; every change is audited in its own transaction. */
@Service
public class ModelService {

    private final ModelRepository models;
    private final AuditLog audit;
    private final CursorCodec cursors;
    private final Clock clock;
    private final Events events;

    ModelService(ModelRepository models, AuditLog audit, CursorCodec cursors, Clock clock, Events events) {
        this.models = models;
        this.events = events;
        this.audit = audit;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional
    public ModelView create(String tenantId, String actor, ModelRequest r) {
        if (r.key() == null) {
            throw DomainException.validation("key", "is required");
        }
        if (r.name() == null) {
            throw DomainException.validation("name", "is required");
        }
        if (r.modelType() == null) {
            throw DomainException.validation("modelType", "is required");
        }
        Instant now = Timestamps.millis(clock.instant());
        AlgorithmModel model = new AlgorithmModel(tenantId, Ids.next("mdl", clock), r.key(), r.name(),
                r.description(), ModelType.parse("modelType", r.modelType()),
                r.status() == null ? ModelStatus.DRAFT : ModelStatus.parse("status", r.status()),
                r.version() == null ? 1 : r.version(), r.config(), r.metrics(), r.trainingSamples(),
                instant("lastTrainedAt", r.lastTrainedAt()), now, now);
        try {
            models.insert(model);
        } catch (DuplicateKeyException e) {
            throw duplicateKey(r.key());
        }
        ModelView view = ModelView.of(model);
        audit.record(tenantId, actor, "algorithm_model.created", "algorithm_model", model.id(), null, view);
        events.publish(tenantId, EventType.MODEL_CREATED, model.id(), java.util.Map.of("model", view));
        return view;
    }

    @Transactional(readOnly = true)
    public ModelView get(String tenantId, String id) {
        return ModelView.of(models.find(tenantId, id).orElseThrow(() -> DomainException.notFound("Model", id)));
    }

    /** Models of the tenant with these ids; ids that do not exist in the tenant are simply absent. */
    @Transactional(readOnly = true)
    public List<AlgorithmModel> findAll(String tenantId, Collection<String> ids) {
        return models.findAll(tenantId, ids);
    }

    public Optional<AlgorithmModel> find(String tenantId, String id) {
        return models.find(tenantId, id);
    }

    @Transactional(readOnly = true)
    public PageResponse<ModelView> list(String tenantId, String status, String modelType, String limit,
                                        String cursor) {
        String statusFilter = status == null ? null : ModelStatus.parse("status", status).wire();
        String typeFilter = modelType == null ? null : ModelType.parse("modelType", modelType).wire();
        String scope = "models|" + tenantId + "|" + statusFilter + "|" + typeFilter;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        return PageResponse.of(models.page(tenantId, statusFilter, typeFilter, page.after(), page.fetchSize()), page,
                models.count(tenantId, statusFilter, typeFilter), ModelView::of,
                m -> new Keyset(m.createdAt(), m.id()), cursors, scope);
    }

    @Transactional
    public ModelView update(String tenantId, String actor, String id, ModelRequest r) {
        AlgorithmModel current = models.findForUpdate(tenantId, id)
                .orElseThrow(() -> DomainException.notFound("Model", id));
        AlgorithmModel next = new AlgorithmModel(tenantId, id,
                r.key() == null ? current.key() : r.key(),
                r.name() == null ? current.name() : r.name(),
                r.description() == null ? current.description() : r.description(),
                r.modelType() == null ? current.modelType() : ModelType.parse("modelType", r.modelType()),
                r.status() == null ? current.status() : ModelStatus.parse("status", r.status()),
                r.version() == null ? current.version() : r.version(),
                r.config() == null ? current.config() : r.config(),
                r.metrics() == null ? current.metrics() : r.metrics(),
                r.trainingSamples() == null ? current.trainingSamples() : r.trainingSamples(),
                r.lastTrainedAt() == null ? current.lastTrainedAt() : instant("lastTrainedAt", r.lastTrainedAt()),
                current.createdAt(), Timestamps.millis(clock.instant()));
        if (!next.key().equals(current.key()) && models.referencedByExperiment(tenantId, id)) {
            throw DomainException.invalid("KEY_LOCKED", "The key of a model used by an experiment cannot change "
                    + "(it names the experiment's variant)");
        }
        try {
            models.update(next);
        } catch (DuplicateKeyException e) {
            throw duplicateKey(next.key());
        }
        ModelView view = ModelView.of(next);
        audit.record(tenantId, actor, "algorithm_model.updated", "algorithm_model", id, ModelView.of(current), view);
        events.publish(tenantId, EventType.MODEL_UPDATED, id, java.util.Map.of("model", view));
        return view;
    }

    @Transactional
    public void delete(String tenantId, String actor, String id) {
        AlgorithmModel current = models.findForUpdate(tenantId, id)
                .orElseThrow(() -> DomainException.notFound("Model", id));
        if (models.referencedByExperiment(tenantId, id)) {
            throw inUse(id);
        }
        try {
            models.delete(tenantId, id);
        } catch (DataIntegrityViolationException e) {
            throw inUse(id);
        }
        audit.record(tenantId, actor, "algorithm_model.deleted", "algorithm_model", id, ModelView.of(current), null);
        events.publish(tenantId, EventType.MODEL_DELETED, id, java.util.Map.of("model", ModelView.of(current)));
    }

    private static DomainException inUse(String id) {
        return DomainException.invalid("MODEL_IN_USE",
                "Model " + id + " is used by an experiment; remove it from the experiment first");
    }

    private static DomainException duplicateKey(String key) {
        return DomainException.invalid("DUPLICATE_KEY", "A model with key '" + key + "' already exists");
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Timestamps.millis(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw DomainException.validation(field, "must be an ISO-8601 timestamp such as 2026-03-01T10:00:00.000Z");
        }
    }
}
