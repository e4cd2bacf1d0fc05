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
 * The experiment aggregate. Immutable: every verb returns the next state after checking the rules, and the compact
 * constructor refuses any state that breaks an invariant (split of exactly 100%, one appearance per model, a
 * champion while active, thresholds in range).
 */
public record Experiment(String tenantId, String id, String key, String name, String description,
                         ExperimentStatus status, String championModelId, BigDecimal championPct,
                         List<Challenger> challengers, BigDecimal holdoutPct, boolean autoPromote,
                         BigDecimal promoteThreshold, int promoteAfterDays, String resultsJson, int phase,
                         Instant phaseStartedAt, int configVersion, Instant startedAt, long revision,
                         Instant createdAt, Instant updatedAt) {

    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    public static final BigDecimal DEFAULT_CHAMPION_PCT = BigDecimal.valueOf(80);
    public static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("0.02");
    public static final int DEFAULT_AFTER_DAYS = 14;
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
        championPct = Percentages.check("trafficSplit.championPct", championPct);
        holdoutPct = Percentages.check("holdoutPercent", holdoutPct);
        if (challengers.size() > MAX_CHALLENGERS) {
            throw DomainException.validation("challengers", "must have at most " + MAX_CHALLENGERS + " entries");
        }
        List<Challenger> normal = new ArrayList<>();
        Set<String> models = new HashSet<>();
        if (championModelId != null) {
            models.add(championModelId);
        }
        for (int i = 0; i < challengers.size(); i++) {
            Challenger c = challengers.get(i);
            if (c == null || c.modelId() == null || c.modelId().isBlank()) {
                throw DomainException.validation("challengers[" + i + "].modelId", "is required");
            }
            BigDecimal pct = Percentages.check("challengers[" + i + "].trafficPct", c.trafficPct());
            if (!models.add(c.modelId())) {
                throw DomainException.invalid("DUPLICATE_MODEL", "Model " + c.modelId()
                        + " appears more than once in the experiment (champion and challengers must differ)");
            }
            normal.add(new Challenger(c.modelId(), pct));
        }
        challengers = List.copyOf(normal);
        Percentages.checkSplit(championPct, false, challengers);
        if (status == ExperimentStatus.ACTIVE && championModelId == null) {
            throw DomainException.invalid("NO_CHAMPION", "An active experiment must have a championModelId");
        }
        if (promoteThreshold == null || promoteThreshold.signum() <= 0 || promoteThreshold.compareTo(BigDecimal.ONE) > 0) {
            throw DomainException.validation("promoteThreshold", "must be greater than 0 and at most 1");
        }
        if (promoteThreshold.stripTrailingZeros().scale() > 10) {
            throw DomainException.validation("promoteThreshold", "must have at most 10 decimal places");
        }
        promoteThreshold = Percentages.normal(promoteThreshold);
        if (promoteAfterDays < 0 || promoteAfterDays > 3650) {
            throw DomainException.validation("promoteAfterDays", "must be an integer from 0 to 3650");
        }
        if (resultsJson != null && resultsJson.length() > MAX_RESULTS_CHARS) {
            throw DomainException.validation("results", "must be at most 256 KiB");
        }
    }

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
        boolean championDefaulted = r.trafficSplit() == null || r.trafficSplit().championPct() == null;
        BigDecimal championPct = championDefaulted ? DEFAULT_CHAMPION_PCT
                : Percentages.check("trafficSplit.championPct", r.trafficSplit().championPct());
        List<Challenger> challengers = validated(r.challengerList());
        Percentages.checkSplit(championPct, championDefaulted, challengers);
        Instant startedAt = status == ExperimentStatus.ACTIVE ? now : null;
        return new Experiment(tenantId, id, r.key(), r.name(), r.description(), status, r.championModelId(),
                championPct, challengers, r.holdoutPercent() == null ? BigDecimal.ZERO : r.holdoutPercent(),
                r.autoPromote() != null && r.autoPromote(),
                r.promoteThreshold() == null ? DEFAULT_THRESHOLD : r.promoteThreshold(),
                r.promoteAfterDays() == null ? DEFAULT_AFTER_DAYS : r.promoteAfterDays(), resultsJson, 1,
                startedAt, 1, startedAt, 0, now, now);
    }

    /**
     * The state after a PUT: absent fields keep their values, challengers (when present) replace the list. A change
     * of anything that moves buckets starts a new configuration version.
     */
    Experiment update(ExperimentRequest r, String newResultsJson, Instant now) {
        String nextKey = r.key() == null ? key : r.key();
        if (!nextKey.equals(key) && startedAt != null) {
            throw DomainException.invalid("KEY_LOCKED",
                    "The key of an experiment that has been active cannot change (assignment hashes it)");
        }
        ExperimentStatus nextStatus = r.status() == null ? status : ExperimentStatus.parse("status", r.status());
        if (!status.canMoveTo(nextStatus)) {
            throw DomainException.invalid("INVALID_TRANSITION",
                    "Status cannot move from " + status.wire() + " to " + nextStatus.wire());
        }
        BigDecimal nextChampionPct = r.trafficSplit() == null || r.trafficSplit().championPct() == null ? championPct
                : Percentages.check("trafficSplit.championPct", r.trafficSplit().championPct());
        List<Challenger> nextChallengers = r.challengers() == null ? challengers : validated(r.challengerList());
        Percentages.checkSplit(nextChampionPct, false, nextChallengers);
        String nextChampion = r.championModelId() == null ? championModelId : r.championModelId();
        BigDecimal nextHoldout = r.holdoutPercent() == null ? holdoutPct : r.holdoutPercent();
        Instant nextStartedAt = startedAt == null && nextStatus == ExperimentStatus.ACTIVE ? now : startedAt;
        Instant nextPhaseStart = phaseStartedAt == null && nextStatus == ExperimentStatus.ACTIVE ? now
                : phaseStartedAt;
        Experiment next = new Experiment(tenantId, id, nextKey, r.name() == null ? name : r.name(),
                r.description() == null ? description : r.description(), nextStatus, nextChampion, nextChampionPct,
                nextChallengers, nextHoldout, r.autoPromote() == null ? autoPromote : r.autoPromote(),
                r.promoteThreshold() == null ? promoteThreshold : r.promoteThreshold(),
                r.promoteAfterDays() == null ? promoteAfterDays : r.promoteAfterDays(),
                newResultsJson == null ? resultsJson : newResultsJson, phase, nextPhaseStart, configVersion,
                nextStartedAt, revision + 1, createdAt, now);
        if (startedAt != null && next.changesServingModelsOf(this)) {
            return next.inNewPhase(now);
        }
        return next.layoutDiffersFrom(this) ? next.withConfigVersion(configVersion + 1) : next;
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
        challengers.forEach(c -> remaining.add(c.modelId()));
        return previous.challengers.stream().anyMatch(c -> !remaining.contains(c.modelId()));
    }

    private Experiment inNewPhase(Instant now) {
        return new Experiment(tenantId, id, key, name, description, status, championModelId, championPct, challengers,
                holdoutPct, autoPromote, promoteThreshold, promoteAfterDays, resultsJson, phase + 1, now,
                configVersion + 1, startedAt, revision, createdAt, updatedAt);
    }

    /**
     * Promotes a challenger: it becomes the champion and leaves the challengers, its share joins the champion's,
     * and a new phase (and configuration version) starts now.
     */
    public Experiment promote(String challengerModelId, Instant now) {
        Challenger winner = challengers.stream().filter(c -> c.modelId().equals(challengerModelId)).findFirst()
                .orElseThrow(() -> DomainException.invalid("NOT_A_CHALLENGER",
                        "Model " + challengerModelId + " is not a challenger of this experiment"));
        List<Challenger> rest = challengers.stream().filter(c -> c != winner).toList();
        return new Experiment(tenantId, id, key, name, description, status, winner.modelId(),
                championPct.add(winner.trafficPct()), rest, holdoutPct, autoPromote, promoteThreshold,
                promoteAfterDays, resultsJson, phase + 1, now, configVersion + 1, startedAt, revision + 1, createdAt,
                now);
    }

    /** Each challenger present, with a model id and a valid percentage, before the split is summed. */
    private static List<Challenger> validated(List<Challenger> list) {
        if (list.size() > MAX_CHALLENGERS) {
            throw DomainException.validation("challengers", "must have at most " + MAX_CHALLENGERS + " entries");
        }
        List<Challenger> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Challenger c = list.get(i);
            if (c == null || c.modelId() == null || c.modelId().isBlank()) {
                throw DomainException.validation("challengers[" + i + "].modelId", "is required");
            }
            out.add(new Challenger(c.modelId(),
                    Percentages.check("challengers[" + i + "].trafficPct", c.trafficPct())));
        }
        return out;
    }

    public boolean isActive() {
        return status == ExperimentStatus.ACTIVE;
    }

    private boolean layoutDiffersFrom(Experiment other) {
        return championPct.compareTo(other.championPct) != 0 || holdoutPct.compareTo(other.holdoutPct) != 0
                || !Objects.equals(championModelId, other.championModelId)
                || !challengers.equals(other.challengers);
    }

    private Experiment withConfigVersion(int version) {
        return new Experiment(tenantId, id, key, name, description, status, championModelId, championPct, challengers,
                holdoutPct, autoPromote, promoteThreshold, promoteAfterDays, resultsJson, phase, phaseStartedAt,
                version, startedAt, revision, createdAt, updatedAt);
    }

    /** Every model this experiment references: the champion first, then the challengers in order. */
    public List<String> modelIds() {
        List<String> ids = new ArrayList<>();
        if (championModelId != null) {
            ids.add(championModelId);
        }
        challengers.forEach(c -> ids.add(c.modelId()));
        return ids;
    }
}
