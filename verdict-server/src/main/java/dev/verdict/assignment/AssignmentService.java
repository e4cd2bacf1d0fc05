package dev.verdict.assignment;

import dev.verdict.core.BucketLayout;
import dev.verdict.core.BucketHash;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.common.CacheProperties;
import dev.verdict.common.DomainException;
import dev.verdict.common.GroupCommit;
import dev.verdict.common.GroupCommits;
import dev.verdict.common.Timestamps;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentSnapshot;
import dev.verdict.experiment.ExperimentSnapshot.VariantModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Sticky assignment. A customer's stored assignment is returned while it is valid (same phase, not expired, its
 * variant still runs the same model); otherwise the customer is bucketed under the current configuration and the
 * new assignment is stored. New assignments and their counters are written through a group commit, so a 2xx is
 * only sent after the transaction holding them committed. Lost races (another request or node stored the customer
 * first) are resolved by re-reading what the winner stored, so all callers see one assignment.
 */
@Service
public class AssignmentService {

    public static final int MAX_BATCH = 1000;
    public static final int MAX_CUSTOMER_ID = 256;
    private static final int MAX_ATTEMPTS = 5;

    private record CacheKey(String tenantId, String experimentId, String customerId) { }

    private final AssignmentStore store;
    private final ExperimentService experiments;
    private final AssignmentProperties properties;
    private final Clock clock;
    private final Cache<CacheKey, StoredAssignment> recent;
    /**
     * Single-customer writes: one committer, so concurrent requests share big batches (the least CPU per request).
     * Multi-customer writes (the batch endpoint) go to {@link #bulkWriter}, whose committers write in parallel:
     * their statements are long enough that a second PostgreSQL backend pays off (bench: 47k → 54–73k customers/s).
     */
    private final GroupCommit<AssignmentStore.Write, AssignmentStore.Written> writer;
    private final GroupCommit<AssignmentStore.Write, AssignmentStore.Written> bulkWriter;

    AssignmentService(AssignmentStore store, ExperimentService experiments, AssignmentProperties properties,
                      Clock clock, CacheProperties caches, GroupCommits groupCommits) {
        this.store = store;
        this.experiments = experiments;
        this.properties = properties;
        this.clock = clock;
        // Maintenance (eviction) runs on the calling thread: every new customer is a cache write, and handing each
        // drain to the common pool costs a thread wake-up per write on a busy 2-core machine (bench: ~20 µs/req).
        this.recent = Caffeine.newBuilder().maximumSize(caches.assignmentsMax()).executor(Runnable::run).build();
        this.writer = groupCommits.single("assignments", store::write);
        this.bulkWriter = groupCommits.bulk("assignments-bulk", store::write);
    }

    public AssignmentView assign(String tenantId, String experimentId, String customerId) {
        checkCustomerId("customerId", customerId);
        return assignAll(tenantId, experimentId, List.of(customerId)).get(0);
    }

    /** Assigns every customer (in request order; a repeated id gets the same answer). */
    public List<AssignmentView> assignAll(String tenantId, String experimentId, List<String> customerIds) {
        for (int i = 0; i < customerIds.size(); i++) {
            checkCustomerId("customerIds[" + i + "]", customerIds.get(i));
        }
        ExperimentSnapshot snapshot = experiments.snapshot(tenantId, experimentId);
        Experiment experiment = snapshot.experiment();
        Instant now = Timestamps.millis(clock.instant());
        if (!experiment.isActive()) {
            return customerIds.stream().map(c -> unrecorded(snapshot, c, now)).toList();
        }
        Map<String, AssignmentView> answers = new HashMap<>();
        Set<String> pending = new LinkedHashSet<>(customerIds);
        // First round: trust the cache, and try to insert the others straight away (a new customer costs one write).
        Map<String, StoredAssignment> known = new HashMap<>();
        for (String customer : pending) {
            StoredAssignment cached = recent.getIfPresent(new CacheKey(tenantId, experimentId, customer));
            if (cached != null) {
                known.put(customer, cached);
            }
        }
        Map<String, StoredAssignment> found = new HashMap<>();
        pending = resolve(snapshot, pending, known, true, now, answers, found);
        for (int attempt = 1; attempt < MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            // What the losing write found in place of its insert (read in the same statement), else a read.
            Map<String, StoredAssignment> stored = new HashMap<>();
            Set<String> unread = new LinkedHashSet<>();
            for (String customer : pending) {
                StoredAssignment f = found.get(customer);
                if (f != null) {
                    stored.put(customer, f);
                } else {
                    unread.add(customer);
                }
            }
            if (!unread.isEmpty()) {
                stored.putAll(store.findAll(tenantId, experimentId, unread));
            }
            found.clear();
            pending = resolve(snapshot, pending, stored, false, now, answers, found);
        }
        if (!pending.isEmpty()) {
            throw DomainException.conflict("CONFLICT", "Assignment kept racing with concurrent changes; retry");
        }
        return customerIds.stream().map(answers::get).toList();
    }

    /**
     * One round: answer what is known and valid, write the rest. {@code known} holds what was read (or cached) for
     * some customers; a customer absent from it is assumed new. Returns the customers whose write was not stored
     * (already assigned, or a lost race); what the store found in their place, when it read it, goes into
     * {@code found}.
     */
    private Set<String> resolve(ExperimentSnapshot snapshot, Set<String> customers, Map<String, StoredAssignment> known,
                               boolean knownFromCache, Instant now, Map<String, AssignmentView> answers,
                               Map<String, StoredAssignment> found) {
        Experiment e = snapshot.experiment();
        List<StoredAssignment> inserts = new ArrayList<>();
        List<StoredAssignment> staleOld = new ArrayList<>();
        List<StoredAssignment> staleNew = new ArrayList<>();
        for (String customer : customers) {
            StoredAssignment stored = known.get(customer);
            if (stored != null && stillValid(stored, snapshot, now)) {
                answers.put(customer, view(snapshot, stored, false));
                if (!knownFromCache) {
                    remember(e, stored);   // read from the database: cache it (a cached one is not written again)
                }
                continue;
            }
            StoredAssignment fresh = bucket(snapshot, customer, now);
            if (stored == null) {
                inserts.add(fresh);
            } else {
                staleOld.add(stored);
                staleNew.add(fresh.replacing(stored));
            }
        }
        if (inserts.isEmpty() && staleNew.isEmpty()) {
            return Set.of();
        }
        GroupCommit<AssignmentStore.Write, AssignmentStore.Written> w = inserts.size() + staleNew.size() > 1 ? bulkWriter : writer;
        AssignmentStore.Written written = w.submit(new AssignmentStore.Write(e.tenantId(), e.id(), e.phase(), e.configVersion(), inserts,
                staleOld, staleNew));
        Set<String> lost = new LinkedHashSet<>();
        found.putAll(written.found());
        settle(snapshot, inserts, written.inserted(), answers, lost);
        settle(snapshot, staleNew, written.replaced(), answers, lost);
        return lost;
    }

    private void settle(ExperimentSnapshot snapshot, List<StoredAssignment> rows, boolean[] written,
                        Map<String, AssignmentView> answers, Set<String> lost) {
        for (int i = 0; i < rows.size(); i++) {
            StoredAssignment a = rows.get(i);
            if (written[i]) {
                answers.put(a.customerId(), view(snapshot, a, true));
                remember(snapshot.experiment(), a);
            } else {
                lost.add(a.customerId());
                recent.invalidate(new CacheKey(snapshot.experiment().tenantId(), snapshot.experiment().id(),
                        a.customerId()));
            }
        }
    }

    private void remember(Experiment e, StoredAssignment a) {
        recent.put(new CacheKey(e.tenantId(), e.id(), a.customerId()), a);
    }

    /** Clock skew tolerated between a client library and the server for a reported assignment time. */
    static final Duration SKEW = Duration.ofMinutes(5);

    /**
     * Stores assignments decided by client libraries, so results count them as if assigned here. The first write
     * wins: a customer already assigned in the phase keeps its stored assignment; a report of another variant is
     * never stored over it and makes the stored unit a crossover (counted once, ADR 009). A report the version's
     * layout could not produce for the customer is refused for that item. A customer reported twice in one call is
     * handled as two calls in order.
     */
    public List<Exposure.Result> report(String tenantId, String experimentId, List<Exposure> exposures) {
        if (exposures == null || exposures.isEmpty() || exposures.size() > MAX_BATCH) {
            throw DomainException.validation("exposures", "must list 1 to " + MAX_BATCH + " exposures");
        }
        ExperimentSnapshot snapshot = experiments.snapshot(tenantId, experimentId);
        Experiment e = snapshot.experiment();
        Map<Integer, dev.verdict.experiment.ConfigurationVersion> versions = new HashMap<>();
        experiments.configurationVersions(tenantId, experimentId, e.phase()).forEach(v -> versions.put(v.version(), v));
        Instant now = Timestamps.millis(clock.instant());
        Exposure.Result[] results = new Exposure.Result[exposures.size()];
        List<List<Integer>> waves = new ArrayList<>();
        Map<String, Integer> uses = new HashMap<>();
        Map<Integer, StoredAssignment> proposed = new HashMap<>();
        for (int i = 0; i < exposures.size(); i++) {
            try {
                StoredAssignment a = validate(e, versions, exposures.get(i), i, now);
                proposed.put(i, a);
                int wave = uses.merge(a.customerId(), 1, Integer::sum) - 1;
                while (waves.size() <= wave) {
                    waves.add(new ArrayList<>());
                }
                waves.get(wave).add(i);
            } catch (DomainException ex) {
                results[i] = new Exposure.Result(i, "error", null, new Exposure.ItemError(ex.code(), ex.getMessage()));
            }
        }
        for (List<Integer> wave : waves) {
            List<Integer> pending = wave;
            for (int attempt = 0; attempt < MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
                pending = reportRound(e, pending, proposed, results);
            }
            for (int i : pending) {
                results[i] = new Exposure.Result(i, "error", null, new Exposure.ItemError("CONFLICT",
                        "The customer's assignment kept changing concurrently; report it again"));
            }
        }
        return List.of(results);
    }

    private StoredAssignment validate(Experiment e, Map<Integer, dev.verdict.experiment.ConfigurationVersion> versions,
                                      Exposure x, int i, Instant now) {
        String at = "exposures[" + i + "]";
        if (x == null) {
            throw DomainException.validation(at, "must be an object");
        }
        if (!e.isActive()) {
            throw DomainException.conflict("NOT_ACTIVE", "Experiment " + e.id() + " is " + e.status().wire()
                    + ": assignments are not recorded");
        }
        checkCustomerId(at + ".customerId", x.customerId());
        if (x.variant() == null || x.variant().isEmpty() || x.variant().length() > 255) {
            throw DomainException.validation(at + ".variant", "is required (1-255 characters)");
        }
        if (x.configVersion() == null) {
            throw DomainException.validation(at + ".configVersion", "is required");
        }
        if (x.assignedAt() == null) {
            throw DomainException.validation(at + ".assignedAt", "is required");
        }
        dev.verdict.experiment.ConfigurationVersion version = versions.get(x.configVersion());
        if (version == null) {
            throw DomainException.validation(at + ".configVersion", "is not a configuration version of phase "
                    + e.phase());
        }
        Instant assignedAt = Timestamps.millis(x.assignedAt());
        if (assignedAt.isAfter(now.plus(SKEW)) || assignedAt.isBefore(version.createdAt().minus(SKEW))) {
            throw DomainException.validation(at + ".assignedAt", "must lie between the version's start ("
                    + version.createdAt() + ") and now");
        }
        if (!assignedAt.plus(properties.ttl()).isAfter(now)) {
            throw DomainException.validation(at + ".assignedAt", "is older than the assignment TTL");
        }
        String expected = version.layout().variantOf(BucketHash.bucket(e.key(), x.customerId()));
        if (!expected.equals(x.variant())) {
            throw DomainException.invalid("VARIANT_MISMATCH", "Configuration version " + version.version()
                    + " assigns customer " + x.customerId() + " to " + expected + ", not " + x.variant());
        }
        return StoredAssignment.first(x.customerId(), e.phase(), version.version(), x.variant(),
                version.modelIdOf(x.variant()), assignedAt, assignedAt.plus(properties.ttl()));
    }

    /** One round over customers listed once: read, decide, write; returns the items that lost a race. */
    private List<Integer> reportRound(Experiment e, List<Integer> items, Map<Integer, StoredAssignment> proposed,
                                      Exposure.Result[] results) {
        Map<String, StoredAssignment> stored = store.findAll(e.tenantId(), e.id(),
                items.stream().map(i -> proposed.get(i).customerId()).toList());
        List<StoredAssignment> inserts = new ArrayList<>();
        List<Integer> insertItems = new ArrayList<>();
        List<StoredAssignment> staleOld = new ArrayList<>();
        List<StoredAssignment> staleNew = new ArrayList<>();
        List<Integer> staleItems = new ArrayList<>();
        for (int i : items) {
            StoredAssignment fresh = proposed.get(i);
            StoredAssignment old = stored.get(fresh.customerId());
            if (old == null) {
                inserts.add(fresh);
                insertItems.add(i);
            } else if (old.phase() != fresh.phase()) {
                staleOld.add(old);
                staleNew.add(fresh.replacing(old));
                staleItems.add(i);
            } else if (old.variant().equals(fresh.variant())) {
                results[i] = new Exposure.Result(i, "duplicate", old.variant(), null);
            } else if (!old.crossedOver()) {
                // Never stored over: the row keeps its variant and only becomes a crossover of its unit.
                staleOld.add(old);
                staleNew.add(new StoredAssignment(old.customerId(), old.phase(), old.configVersion(), old.variant(),
                        old.modelId(), old.assignedAt(), old.expiresAt(), old.unitConfigVersion(), old.unitVariant(),
                        true));
                staleItems.add(i);
            } else {
                results[i] = new Exposure.Result(i, "crossover", old.variant(), null);
            }
        }
        List<Integer> lost = new ArrayList<>();
        if (inserts.isEmpty() && staleNew.isEmpty()) {
            return lost;
        }
        AssignmentStore.Written written = bulkWriter.submit(new AssignmentStore.Write(e.tenantId(), e.id(), e.phase(),
                e.configVersion(), inserts, staleOld, staleNew));
        for (int k = 0; k < insertItems.size(); k++) {
            settleReport(e, insertItems.get(k), inserts.get(k), written.inserted()[k], "recorded", results, lost);
        }
        for (int k = 0; k < staleItems.size(); k++) {
            StoredAssignment row = staleNew.get(k);
            String status = row.variant().equals(proposed.get(staleItems.get(k)).variant()) ? "recorded" : "crossover";
            settleReport(e, staleItems.get(k), row, written.replaced()[k], status, results, lost);
        }
        return lost;
    }

    private void settleReport(Experiment e, int item, StoredAssignment row, boolean written, String status,
                              Exposure.Result[] results, List<Integer> lost) {
        recent.invalidate(new CacheKey(e.tenantId(), e.id(), row.customerId()));
        if (written) {
            results[item] = new Exposure.Result(item, status, row.variant(), null);
        } else {
            lost.add(item);
        }
    }

    /** The stored assignment, or 404. */
    public AssignmentView get(String tenantId, String experimentId, String customerId) {
        checkCustomerId("customerId", customerId);
        ExperimentSnapshot snapshot = experiments.snapshot(tenantId, experimentId);
        StoredAssignment stored = store.find(tenantId, experimentId, customerId)
                .orElseThrow(() -> DomainException.notFound("Assignment of customer", customerId));
        return view(snapshot, stored, false);
    }

    /** The stored assignment row, for outcome attribution (from the cache of recent assignments when there). */
    public Optional<StoredAssignment> find(String tenantId, String experimentId, String customerId) {
        StoredAssignment cached = recent.getIfPresent(new CacheKey(tenantId, experimentId, customerId));
        return cached != null ? Optional.of(cached) : store.find(tenantId, experimentId, customerId);
    }

    /** Forgets cached assignments of an experiment (it was deleted). */
    public void forget(String tenantId, String experimentId) {
        recent.asMap().keySet().removeIf(k -> k.tenantId().equals(tenantId) && k.experimentId().equals(experimentId));
    }

    /** Units of a phase per configuration version and variant (read from the counters). */
    public List<UnitCount> counts(String tenantId, String experimentId, int phase) {
        return store.counts(tenantId, experimentId, phase);
    }

    /** Units of a phase per UTC day, configuration version and variant (read from the counters). */
    public List<DailyUnitCount> dailyCounts(String tenantId, String experimentId, int phase) {
        return store.dailyCounts(tenantId, experimentId, phase);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Average new assignments per day in the tenant over the last {@code days} UTC days (today included). */
    public double dailyAverage(String tenantId, int days) {
        return store.assignedSince(tenantId, today().minusDays(days - 1L)) / (double) days;
    }

    private boolean stillValid(StoredAssignment stored, ExperimentSnapshot snapshot, Instant now) {
        if (stored.phase() != snapshot.experiment().phase() || !stored.expiresAt().isAfter(now)) {
            return false;
        }
        VariantModel current = snapshot.variants().get(stored.variant());
        return current != null && Objects.equals(current.modelId(), stored.modelId());
    }

    private StoredAssignment bucket(ExperimentSnapshot snapshot, String customerId, Instant now) {
        Experiment e = snapshot.experiment();
        String variant = snapshot.layout().variantOf(BucketHash.bucket(e.key(), customerId));
        VariantModel model = snapshot.variants().get(variant);
        return StoredAssignment.first(customerId, e.phase(), e.configVersion(), variant,
                model == null ? null : model.modelId(), now, now.plus(properties.ttl()));
    }

    private static AssignmentView view(ExperimentSnapshot snapshot, StoredAssignment a, boolean created) {
        Experiment e = snapshot.experiment();
        VariantModel model = snapshot.variants().get(a.variant());
        String modelKey = model != null && Objects.equals(model.modelId(), a.modelId()) ? model.modelKey() : null;
        return new AssignmentView(e.id(), e.key(), a.customerId(), a.variant(), a.modelId(), modelKey,
                BucketLayout.HOLDOUT.equals(a.variant()), a.assignedAt(), a.expiresAt(), a.phase(), created, true);
    }

    private static AssignmentView unrecorded(ExperimentSnapshot snapshot, String customerId, Instant now) {
        Experiment e = snapshot.experiment();
        if (e.championModelId() == null) {
            throw DomainException.conflict("NO_CHAMPION", "Experiment " + e.id() + " is " + e.status().wire()
                    + " and has no champion model to answer with");
        }
        VariantModel champion = snapshot.variants().get(BucketLayout.CHAMPION);
        return new AssignmentView(e.id(), e.key(), customerId, BucketLayout.CHAMPION, champion.modelId(),
                champion.modelKey(), false, now, null, e.phase(), false, false);
    }

    static void checkCustomerId(String field, String customerId) {
        if (customerId == null || customerId.isEmpty()) {
            throw DomainException.validation(field, "is required (1-256 characters)");
        }
        if (customerId.length() > MAX_CUSTOMER_ID) {
            throw DomainException.validation(field, "must be at most 256 characters");
        }
    }

}
