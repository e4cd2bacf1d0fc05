package dev.verdict.outcome;

import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import dev.verdict.experiment.ExperimentService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import dev.verdict.common.GroupCommit;
import dev.verdict.common.GroupCommits;
import dev.verdict.outcome.OutcomeStore.Pending;
import dev.verdict.outcome.OutcomeStore.Written;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Records outcomes against the customer's assignment. The idempotency key makes a retry safe: the same key with the
 * same body returns the first result and counts nothing; with another body it is a conflict. The outcome row, the
 * first-of-its-kind marker and the counters are written in one transaction.
 */
@Service
public class OutcomeService {

    public static final int MAX_BATCH = 1000;
    private static final Pattern OUTCOME_KEY = Pattern.compile("[a-z0-9_]{1,64}");
    private static final BigDecimal MAX_VALUE = new BigDecimal("1e12");

    /** The stored outcome, and whether this call stored it (false for an idempotent replay). */
    public record Recorded(OutcomeView outcome, boolean created) { }

    /** One item of a batch answer. */
    public record ItemResult(int index, String status, @Nullable OutcomeView outcome, @Nullable ItemError error) { }

    /** Why a batch item was not recorded. */
    public record ItemError(String code, String message) { }

    private record Valid(String customerId, String outcome, Double value, Instant occurredAt, String key,
                         String hash) { }

    private final OutcomeStore store;
    private final ExperimentService experiments;
    private final Clock clock;
    /** Single outcomes (one committer, big shared batches) and the items of batch requests (parallel committers). */
    private final GroupCommit<Pending, Written> writer;
    private final GroupCommit<Pending, Written> bulkWriter;

    OutcomeService(OutcomeStore store, ExperimentService experiments, Clock clock, GroupCommits groupCommits) {
        this.store = store;
        this.experiments = experiments;
        this.clock = clock;
        this.writer = groupCommits.single("outcomes", store::write);
        this.bulkWriter = groupCommits.bulk("outcomes-bulk", store::write);
    }

    public Recorded record(String tenantId, String experimentId, OutcomeRequest request, String headerKey) {
        Valid valid = validate(request, headerKey);
        experiments.snapshot(tenantId, experimentId);
        return store(tenantId, experimentId, valid);
    }

    public List<ItemResult> recordAll(String tenantId, String experimentId, List<OutcomeRequest> requests) {
        if (requests == null || requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw DomainException.validation("outcomes", "must list 1 to " + MAX_BATCH + " outcomes");
        }
        experiments.snapshot(tenantId, experimentId);
        ItemResult[] results = new ItemResult[requests.size()];
        // Validate everything first; an idempotency key repeated within the request waits for its earlier use
        // (waves: first uses, then second uses, ...), so the earlier item always wins, as in a sequence of calls.
        List<List<Prepared>> waves = new ArrayList<>();
        Map<String, Integer> uses = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                if (requests.get(i) == null) {
                    throw DomainException.validation("outcomes[" + i + "]", "must be an object");
                }
                Valid v = validate(requests.get(i), null);
                Pending pending = pending(tenantId, experimentId, v);
                int wave = uses.merge(v.key(), 1, Integer::sum) - 1;
                while (waves.size() <= wave) {
                    waves.add(new ArrayList<>());
                }
                waves.get(wave).add(new Prepared(i, v, pending));
            } catch (DomainException e) {
                results[i] = new ItemResult(i, "error", null, new ItemError(e.code(), e.getMessage()));
            }
        }
        for (List<Prepared> wave : waves) {
            // Queue a whole wave before waiting, so it shares one or a few commits.
            List<CompletableFuture<Written>> written = wave.stream().map(p -> bulkWriter.enqueue(p.pending()))
                    .toList();
            for (int k = 0; k < wave.size(); k++) {
                Prepared p = wave.get(k);
                try {
                    Recorded r = settle(tenantId, experimentId, p.valid(), p.pending(),
                            bulkWriter.await(written.get(k)));
                    results[p.index()] = new ItemResult(p.index(), r.created() ? "recorded" : "duplicate",
                            r.outcome(), null);
                } catch (DomainException e) {
                    results[p.index()] = new ItemResult(p.index(), "error", null,
                            new ItemError(e.code(), e.getMessage()));
                }
            }
        }
        return List.of(results);
    }

    private record Prepared(int index, Valid valid, Pending pending) { }

    private Recorded store(String tenantId, String experimentId, Valid v) {
        Pending pending = pending(tenantId, experimentId, v);
        return settle(tenantId, experimentId, v, pending, writer.submit(pending));
    }

    /** The outcome to write; the writer attributes it to the customer's assignment when it stores it. */
    private Pending pending(String tenantId, String experimentId, Valid v) {
        Instant now = Timestamps.millis(clock.instant());
        return new Pending(tenantId, new OutcomeView(Ids.next("out", clock), experimentId, v.customerId(),
                v.outcome(), v.value(), v.occurredAt() == null ? now : v.occurredAt(), now, null, null, 0, v.key()),
                v.hash());
    }

    private Recorded settle(String tenantId, String experimentId, Valid v, Pending pending, Written written) {
        return switch (written.result()) {
            case STORED -> new Recorded(pending.outcome().attributed(written.phase(), written.variant(),
                    written.modelId()), true);
            case UNASSIGNED -> throw new DomainException(DomainException.Kind.NOT_FOUND, "NOT_ASSIGNED",
                    "Customer " + shorten(v.customerId()) + " has no assignment in this experiment");
            // The idempotency key was used before (or by a concurrent request that committed first).
            case KEY_USED -> replay(tenantId, experimentId, v).orElseThrow(() -> DomainException.conflict(
                    "CONFLICT", "The outcome could not be stored; retry"));
        };
    }

    private Optional<Recorded> replay(String tenantId, String experimentId, Valid v) {
        return store.find(tenantId, experimentId, v.key()).map(existing -> {
            if (!existing.requestHash().equals(v.hash())) {
                throw DomainException.conflict("IDEMPOTENCY_CONFLICT", "Idempotency key '" + shorten(v.key())
                        + "' was already used with a different request body");
            }
            return new Recorded(existing.view(), false);
        });
    }

    /** An outcome's counters of a phase per stratum (configuration version, unit variant). */
    public List<OutcomeCount> counts(String tenantId, String experimentId, int phase, String outcome) {
        return store.counts(tenantId, experimentId, phase, outcome);
    }

    /** The same per UTC day. */
    public List<DailyOutcomeCount> dailyCounts(String tenantId, String experimentId, int phase, String outcome) {
        return store.dailyCounts(tenantId, experimentId, phase, outcome);
    }



    private static Valid validate(OutcomeRequest r, String headerKey) {
        String key = r.idempotencyKey() != null ? r.idempotencyKey() : headerKey;
        if (r.idempotencyKey() != null && headerKey != null && !r.idempotencyKey().equals(headerKey)) {
            throw DomainException.validation("idempotencyKey", "differs from the Idempotency-Key header");
        }
        if (key == null || key.isBlank() || key.length() > 255) {
            throw DomainException.validation("idempotencyKey",
                    "is required (1-255 characters), in the body or the Idempotency-Key header");
        }
        if (r.customerId() == null || r.customerId().isEmpty() || r.customerId().length() > 256) {
            throw DomainException.validation("customerId", "is required (1-256 characters)");
        }
        String outcome = r.outcome() == null ? "conversion" : r.outcome();
        if (!OUTCOME_KEY.matcher(outcome).matches()) {
            throw DomainException.validation("outcome", "must be 1-64 characters of a-z, 0-9 and _");
        }
        Double value = null;
        if (r.value() != null) {
            if (r.value().abs().compareTo(MAX_VALUE) > 0) {
                throw DomainException.validation("value", "must be a finite number with |value| <= 1e12");
            }
            value = r.value().doubleValue();
        }
        Instant occurredAt = null;
        if (r.occurredAt() != null) {
            if (r.occurredAt().length() > 40) {
                throw DomainException.validation("occurredAt", "must be at most 40 characters");
            }
            try {
                occurredAt = Timestamps.millis(Instant.parse(r.occurredAt()));
            } catch (DateTimeParseException e) {
                throw DomainException.validation("occurredAt", "must be an ISO-8601 timestamp such as "
                        + "2026-03-01T10:00:00.000Z");
            }
        }
        String canonical = r.customerId() + "\n" + outcome + "\n"
                + (r.value() == null ? "" : r.value().stripTrailingZeros().toPlainString()) + "\n"
                + (occurredAt == null ? "" : Timestamps.format(occurredAt));
        return new Valid(r.customerId(), outcome, value, occurredAt, key, sha256(canonical));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
