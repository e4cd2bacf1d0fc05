package dev.verdict.promotion;

import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import dev.verdict.event.EventType;
import dev.verdict.event.Events;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentSnapshot;
import dev.verdict.experiment.ExperimentStatus;
import dev.verdict.experiment.ExperimentView;
import dev.verdict.results.ExperimentResults;
import dev.verdict.results.ExperimentResults.Comparison;
import dev.verdict.results.ResultsQuery;
import dev.verdict.results.ResultsService;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies promotions. Each runs in one transaction that holds the experiment's row lock, re-evaluates under it, and
 * writes the new champion, the next phase, the promotion record and the audit entry together; the unique
 * (experiment, ended phase) key makes a second promotion of the same phase impossible even across instances.
 */
@Service
public class PromotionService {

    private static final Logger log = LoggerFactory.getLogger(PromotionService.class);
    static final String SCHEDULER = "scheduler";

    private final ExperimentService experiments;
    private final ResultsService results;
    private final PromotionRepository promotions;
    private final TransactionTemplate transactions;
    private final CursorCodec cursors;
    private final JsonMapper json;
    private final Clock clock;
    private final Events events;

    PromotionService(ExperimentService experiments, ResultsService results, PromotionRepository promotions,
                     TransactionTemplate transactions, CursorCodec cursors, JsonMapper json, Clock clock,
                     Events events) {
        this.events = events;
        this.experiments = experiments;
        this.results = results;
        this.promotions = promotions;
        this.transactions = transactions;
        this.cursors = cursors;
        this.json = json;
        this.clock = clock;
    }

    /** The decision the scheduler would take now; changes nothing. */
    public ExperimentResults.PromotionBlock evaluate(String tenantId, String experimentId) {
        ExperimentSnapshot snapshot = experiments.loadSnapshot(tenantId, experimentId)
                .orElseThrow(() -> DomainException.notFound("Experiment", experimentId));
        return current(snapshot).promotion();
    }

    /** Manual promotion of a challenger, with the evidence as it stands. */
    public PromotionRecord promote(String tenantId, String experimentId, String modelId, String reason,
                                   String actor) {
        if (modelId == null || modelId.isBlank() || modelId.length() > 64) {
            throw DomainException.validation("modelId", "is required");
        }
        if (reason != null && reason.length() > 1000) {
            throw DomainException.validation("reason", "must be at most 1000 characters");
        }
        return transactions.execute(tx -> {
            ExperimentSnapshot snapshot = experiments.lockSnapshot(tenantId, experimentId)
                    .orElseThrow(() -> DomainException.notFound("Experiment", experimentId));
            if (snapshot.experiment().status() == ExperimentStatus.ARCHIVED) {
                throw DomainException.invalid("INVALID_TRANSITION", "An archived experiment cannot change");
            }
            if (snapshot.variantOfModel(modelId) == null) {
                throw DomainException.invalid("NOT_A_CHALLENGER",
                        "Model " + modelId + " is not a challenger of this experiment");
            }
            return apply(snapshot, current(snapshot), modelId, "manual", actor, reason);
        });
    }

    /**
     * Evaluates one active auto-promote experiment under its row lock and promotes the winner if there is one.
     * Returns the promotion, or empty when nothing was promoted.
     */
    public Optional<PromotionRecord> runAutomatic(String tenantId, String experimentId) {
        return Optional.ofNullable(transactions.execute(tx -> {
            Optional<ExperimentSnapshot> locked = experiments.lockSnapshot(tenantId, experimentId);
            if (locked.isEmpty() || !locked.get().experiment().isActive()
                    || !locked.get().experiment().autoPromote()) {
                return null;
            }
            ExperimentResults now = current(locked.get());
            ExperimentResults.PromotionBlock decision = now.promotion();
            if (decision == null || !decision.promote()) {
                return null;
            }
            return apply(locked.get(), now, decision.winnerModelId(), "auto", SCHEDULER,
                    "Auto-promotion: uplift reached promoteThreshold with an anytime-valid test");
        }));
    }

    /** One transaction per experiment, so one failure does not undo the others. */
    public int runAll() {
        int promoted = 0;
        for (Map.Entry<String, String> e : experiments.activeAutoPromote()) {
            try {
                if (runAutomatic(e.getKey(), e.getValue()).isPresent()) {
                    promoted++;
                }
            } catch (RuntimeException ex) {
                log.error("Promotion check of experiment {} of tenant {} failed", e.getValue(), e.getKey(), ex);
            }
        }
        return promoted;
    }

    public PageResponse<PromotionRecord> list(String tenantId, String experimentId, String limit, String cursor) {
        experiments.snapshot(tenantId, experimentId);
        String scope = "promotions|" + tenantId + "|" + experimentId;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        return PageResponse.of(promotions.page(tenantId, experimentId, page.after(), page.fetchSize()), page,
                promotions.count(tenantId, experimentId), p -> p, p -> new Keyset(p.promotedAt(), p.id()), cursors,
                scope);
    }

    private ExperimentResults current(ExperimentSnapshot snapshot) {
        return results.results(snapshot, ResultsQuery.parse(null, null, null, null, null, null, null));
    }

    private PromotionRecord apply(ExperimentSnapshot snapshot, ExperimentResults evidenceSource, String modelId,
                                  String trigger, String actor, String reason) {
        Experiment before = snapshot.experiment();
        Instant now = Timestamps.millis(clock.instant());
        Experiment after = before.promote(modelId, now);
        String variant = snapshot.variantOfModel(modelId);
        Map<String, Object> evidence = new LinkedHashMap<>();
        Comparison comparison = evidenceSource.comparisons() == null ? null : evidenceSource.comparisons().stream()
                .filter(c -> c.treatment().equals(variant)).findFirst().orElse(null);
        evidence.put("comparison", comparison);
        evidence.put("srm", evidenceSource.srm());
        evidence.put("decision", evidenceSource.promotion());
        PromotionRecord record = new PromotionRecord(Ids.next("prm", clock), before.id(), before.phase(),
                before.championModelId(), modelId, trigger, actor, reason, now, json.valueToTree(evidence));
        try {
            promotions.insert(before.tenantId(), record);
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("CONFLICT", "Phase " + before.phase() + " was already promoted");
        }
        ExperimentView promoted = experiments.savePromoted(after, actor, before);
        events.publish(before.tenantId(), EventType.EXPERIMENT_PROMOTED, before.id(),
                Map.of("experiment", promoted, "promotion", record));
        log.info("Promoted model {} to champion of experiment {} ({} trigger, phase {} ended)", modelId,
                before.id(), trigger, before.phase());
        return record;
    }
}
