package dev.verdict.experiment;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The experiment aggregate. Immutable: every verb ({@link #activate}, {@link #pause}, {@link #resume},
 * {@link #archive}, {@link #changeSplit}, {@link #promote}, {@link #withDetails} …) checks its rule and returns the
 * next state, and the compact constructor refuses any state that breaks an invariant. The split, the promotion rules
 * and the phase are values that guard themselves ({@link Split}, {@link PromotionRules}, {@link Phase}); this type
 * adds what spans them: one appearance per model, a champion while active, the key lock and the lifecycle.
 */
public record Experiment(String tenantId, String id, String key, String name, String description,
                         ExperimentStatus status, String championModelId, Split split,
                         PromotionRules promotionRules, String resultsJson, Phase currentPhase, Instant startedAt,
                         long revision, Instant createdAt, Instant updatedAt) {

    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    public static final int MAX_CHALLENGERS = 100;
    public static final int MAX_RESULTS_CHARS = 256 * 1024;

    public Experiment {
        if (key == null || !KEY.matcher(key).matches()) {
            throw DomainException.validation("key", "must be 1-255 characters of letters, digits, '.', '_', '-'");
        }
        if (name == null || name.isBlank() || name.length() > 255) {
            throw DomainException.validation("name", "is required, 1-255 characters");
        }
        if (description != null && description.length() > 4000) {
            throw DomainException.validation("description", "must be at most 4000 characters");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(promotionRules, "promotionRules");
        Objects.requireNonNull(currentPhase, "currentPhase");
        Set<String> models = new HashSet<>();
        if (championModelId != null) {
            models.add(championModelId);
        }
        for (Challenger c : split.challengers()) {
            if (!models.add(c.modelId())) {
                throw DomainException.invalid("DUPLICATE_MODEL", "Model " + c.modelId()
                        + " appears more than once in the experiment (champion and challengers must differ)");
            }
        }
        if (status == ExperimentStatus.ACTIVE && championModelId == null) {
            throw DomainException.invalid("NO_CHAMPION", "An active experiment must have a championModelId");
        }
        if (resultsJson != null && resultsJson.length() > MAX_RESULTS_CHARS) {
            throw DomainException.validation("results", "must be at most 256 KiB");
        }
    }

    // --- creation and the API's PUT: the one place where request fields become verbs ---

    /** A new draft (or directly active) experiment in phase 1 and configuration version 1. */
    static Experiment create(String tenantId, String id, ExperimentRequest r, String resultsJson, Instant now) {
        if (r.key() == null) {
            throw DomainException.validation("key", "is required");
        }
        if (r.name() == null) {
            throw DomainException.validation("name", "is required");
        }
        ExperimentStatus status = r.status() == null ? ExperimentStatus.DRAFT
                : ExperimentStatus.parse("status", r.status());
        BigDecimal holdout = r.holdoutPercent() == null ? BigDecimal.ZERO : r.holdoutPercent();
        Split split = r.trafficSplit() == null || r.trafficSplit().championPct() == null
                ? Split.withDefaultChampionShare(r.challengerList(), holdout)
                : new Split(r.trafficSplit().championPct(), r.challengerList(), holdout);
        PromotionRules rules = new PromotionRules(r.autoPromote() != null && r.autoPromote(),
                r.promoteThreshold() == null ? PromotionRules.DEFAULT_THRESHOLD : r.promoteThreshold(),
                r.promoteAfterDays() == null ? PromotionRules.DEFAULT_AFTER_DAYS : r.promoteAfterDays());
        Instant startedAt = status == ExperimentStatus.ACTIVE ? now : null;
        return new Experiment(tenantId, id, r.key(), r.name(), r.description(), status, r.championModelId(), split,
                rules, resultsJson, Phase.first(startedAt), startedAt, 0, now, now);
    }

    /**
     * The state after a PUT, as one change (one revision): absent fields keep their values, challengers (when
     * present) replace the list. The fields map onto the verbs in a fixed order — key, split, details, promotion
     * rules, results, then the status — so that a PUT may name the champion it activates with.
     */
    Experiment update(ExperimentRequest r, String newResultsJson, Instant now) {
        Experiment next = r.key() == null ? this : changeKey(r.key(), now);
        ExperimentStatus target = r.status() == null ? status : ExperimentStatus.parse("status", r.status());
        if (!status.canMoveTo(target)) {
            throw refusedMove(target);
        }
        boolean splitGiven = r.trafficSplit() != null && r.trafficSplit().championPct() != null
                || r.challengers() != null || r.holdoutPercent() != null;
        Split nextSplit = !splitGiven ? split : new Split(
                r.trafficSplit() == null || r.trafficSplit().championPct() == null ? championPct()
                        : r.trafficSplit().championPct(),
                r.challengers() == null ? challengers() : r.challengerList(),
                r.holdoutPercent() == null ? holdoutPct() : r.holdoutPercent());
        next = next.changeSplit(r.championModelId() == null ? championModelId : r.championModelId(), nextSplit, now);
        next = next.withDetails(r.name() == null ? name : r.name(),
                r.description() == null ? description : r.description(), now);
        next = next.changePromotionRules(new PromotionRules(r.autoPromote() == null ? autoPromote() : r.autoPromote(),
                r.promoteThreshold() == null ? promoteThreshold() : r.promoteThreshold(),
                r.promoteAfterDays() == null ? promoteAfterDays() : r.promoteAfterDays()), now);
        if (newResultsJson != null) {
            next = next.withResults(newResultsJson, now);
        }
        return next.moveTo(target, now).asOneChangeAfter(this);
    }

    private Experiment moveTo(ExperimentStatus target, Instant now) {
        if (target == status) {
            return this;
        }
        return switch (target) {
            case ACTIVE -> status == ExperimentStatus.DRAFT ? activate(now) : resume(now);
            case PAUSED -> pause(now);
            case ARCHIVED -> archive(now);
            case DRAFT -> throw refusedMove(target);
        };
    }

    // --- lifecycle ---

    /** Starts a draft: the experiment, its first phase and its first configuration version start now. */
    public Experiment activate(Instant now) {
        if (status != ExperimentStatus.DRAFT) {
            throw DomainException.invalid("INVALID_TRANSITION", "Only a draft can be activated; this experiment is "
                    + status.wire() + (status == ExperimentStatus.PAUSED ? " (resume it instead)" : ""));
        }
        return toStatus(ExperimentStatus.ACTIVE, now);
    }

    /** Stops assigning the experiment's arms for now; customers get the champion's model. */
    public Experiment pause(Instant now) {
        requireMove(ExperimentStatus.PAUSED);
        return toStatus(ExperimentStatus.PAUSED, now);
    }

    /** Continues a paused experiment in the same phase: returning customers keep their arm. */
    public Experiment resume(Instant now) {
        if (status != ExperimentStatus.PAUSED) {
            throw DomainException.invalid("INVALID_TRANSITION", "Only a paused experiment can be resumed; this one is "
                    + status.wire());
        }
        return toStatus(ExperimentStatus.ACTIVE, now);
    }

    /** Ends the experiment for good (a draft, an active or a paused one). */
    public Experiment archive(Instant now) {
        requireMove(ExperimentStatus.ARCHIVED);
        return toStatus(ExperimentStatus.ARCHIVED, now);
    }

    private void requireMove(ExperimentStatus target) {
        if (target == status || !status.canMoveTo(target)) {
            throw refusedMove(target);
        }
    }

    private DomainException refusedMove(ExperimentStatus target) {
        return DomainException.invalid("INVALID_TRANSITION",
                "Status cannot move from " + status.wire() + " to " + target.wire());
    }

    private Experiment toStatus(ExperimentStatus target, Instant now) {
        boolean starting = target == ExperimentStatus.ACTIVE;
        return changed(key, name, description, target, championModelId, split, promotionRules, resultsJson,
                starting ? currentPhase.startedBy(now) : currentPhase,
                starting && startedAt == null ? now : startedAt, now);
    }

    // --- configuration ---

    /** A new key; refused once the experiment has been active (assignment hashes the key). */
    public Experiment changeKey(String newKey, Instant now) {
        if (!newKey.equals(key) && startedAt != null) {
            throw DomainException.invalid("KEY_LOCKED",
                    "The key of an experiment that has been active cannot change (assignment hashes it)");
        }
        return changed(newKey, name, description, status, championModelId, split, promotionRules, resultsJson,
                currentPhase, startedAt, now);
    }

    /** A new name and description (null: none); nothing else changes. */
    public Experiment withDetails(String newName, String newDescription, Instant now) {
        return changed(key, newName, newDescription, status, championModelId, split, promotionRules, resultsJson,
                currentPhase, startedAt, now);
    }

    /** New conditions for auto-promotion; they apply from the scheduler's next look. */
    public Experiment changePromotionRules(PromotionRules rules, Instant now) {
        return changed(key, name, description, status, championModelId, split, Objects.requireNonNull(rules),
                resultsJson, currentPhase, startedAt, now);
    }

    /** Replaces the stored outcome data (any JSON object the client keeps with the experiment). */
    public Experiment withResults(String newResultsJson, Instant now) {
        return changed(key, name, description, status, championModelId, split, promotionRules, newResultsJson,
                currentPhase, startedAt, now);
    }

    /** {@link #changeSplit(String, Split, Instant)} keeping the champion's model. */
    public Experiment changeSplit(Split newSplit, Instant now) {
        return changeSplit(championModelId, newSplit, now);
    }

    /**
     * A new split and champion model, as one change. Moving buckets starts the next configuration version; changing
     * which model serves returning customers of a started experiment (another champion, a challenger removed)
     * starts the next phase (ADR 009). Nothing changes the version when the buckets stay where they were.
     */
    public Experiment changeSplit(String newChampionModelId, Split newSplit, Instant now) {
        Experiment next = changed(key, name, description, status, newChampionModelId, Objects.requireNonNull(newSplit),
                promotionRules, resultsJson, currentPhase, startedAt, now);
        if (startedAt != null && next.changesServingModelsOf(this)) {
            return next.inPhase(currentPhase.next(now));
        }
        return next.layoutDiffersFrom(this) ? next.inPhase(currentPhase.nextVersion()) : next;
    }

    /**
     * Promotes a challenger: it becomes the champion and leaves the challengers, its share joins the champion's,
     * and a new phase (and configuration version) starts now.
     */
    public Experiment promote(String challengerModelId, Instant now) {
        Challenger winner = challengers().stream().filter(c -> c.modelId().equals(challengerModelId)).findFirst()
                .orElseThrow(() -> DomainException.invalid("NOT_A_CHALLENGER",
                        "Model " + challengerModelId + " is not a challenger of this experiment"));
        return changed(key, name, description, status, winner.modelId(), split.promoting(winner), promotionRules,
                resultsJson, currentPhase.next(now), startedAt, now);
    }

    /**
     * Whether returning customers of {@code previous} would be served by another model here: the champion's model
     * changed, or a challenger left. Such a change starts a new phase (ADR 009): comparing customers across it would
     * mix two treatments in one arm. A split change or an added challenger keeps the phase.
     */
    boolean changesServingModelsOf(Experiment previous) {
        if (!Objects.equals(championModelId, previous.championModelId)) {
            return true;
        }
        Set<String> remaining = new HashSet<>();
        challengers().forEach(c -> remaining.add(c.modelId()));
        return previous.challengers().stream().anyMatch(c -> !remaining.contains(c.modelId()));
    }

    private boolean layoutDiffersFrom(Experiment other) {
        return !Objects.equals(championModelId, other.championModelId) || split.bucketsDifferFrom(other.split);
    }

    /** The next state: one more revision, changed now. */
    private Experiment changed(String newKey, String newName, String newDescription, ExperimentStatus newStatus,
                               String newChampion, Split newSplit, PromotionRules newRules, String newResults,
                               Phase newPhase, Instant newStartedAt, Instant now) {
        return new Experiment(tenantId, id, newKey, newName, newDescription, newStatus, newChampion, newSplit,
                newRules, newResults, newPhase, newStartedAt, revision + 1, createdAt, now);
    }

    private Experiment inPhase(Phase phase) {
        return new Experiment(tenantId, id, key, name, description, status, championModelId, split, promotionRules,
                resultsJson, phase, startedAt, revision, createdAt, updatedAt);
    }

    /** This state as a single change made to {@code before}: one revision after it, whatever verbs led here. */
    private Experiment asOneChangeAfter(Experiment before) {
        return new Experiment(tenantId, id, key, name, description, status, championModelId, split, promotionRules,
                resultsJson, currentPhase, startedAt, before.revision + 1, createdAt, updatedAt);
    }

    // --- reading ---

    public boolean isActive() {
        return status == ExperimentStatus.ACTIVE;
    }

    /** Every model this experiment references: the champion first, then the challengers in order. */
    public List<String> modelIds() {
        List<String> ids = new ArrayList<>();
        if (championModelId != null) {
            ids.add(championModelId);
        }
        challengers().forEach(c -> ids.add(c.modelId()));
        return ids;
    }

    public BigDecimal championPct() {
        return split.championPct();
    }

    public List<Challenger> challengers() {
        return split.challengers();
    }

    public BigDecimal holdoutPct() {
        return split.holdoutPct();
    }

    public boolean autoPromote() {
        return promotionRules.autoPromote();
    }

    public BigDecimal promoteThreshold() {
        return promotionRules.threshold();
    }

    public int promoteAfterDays() {
        return promotionRules.afterDays();
    }

    /** The number of the current phase. */
    public int phase() {
        return currentPhase.number();
    }

    public Instant phaseStartedAt() {
        return currentPhase.startedAt();
    }

    public int configVersion() {
        return currentPhase.configVersion();
    }
}
