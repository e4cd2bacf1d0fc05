package dev.verdict.assignment;

import dev.verdict.common.DomainException;
import dev.verdict.common.Timestamps;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentSnapshot;
import dev.verdict.experiment.ExperimentSnapshot.VariantModel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sticky assignment. A customer's stored assignment is returned while it is valid (same phase, not expired, its
 * variant still runs the same model); otherwise the customer is bucketed under the current configuration and the
 * new assignment is stored. Reads need no transaction; writes are one transaction per call (or per batch) that
 * also updates the counters, and lost races are resolved by re-reading what the winner stored.
 */
@Service
public class AssignmentService {

    public static final int MAX_BATCH = 1000;
    public static final int MAX_CUSTOMER_ID = 256;
    private static final int MAX_ATTEMPTS = 5;

    private final AssignmentRepository repository;
    private final ExperimentService experiments;
    private final AssignmentProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AssignmentService(AssignmentRepository repository, ExperimentService experiments, AssignmentProperties properties,
                      TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.experiments = experiments;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    public AssignmentView assign(String tenantId, String experimentId, String customerId) {
        // Checked here because List.of refuses a null (a body without customerId) with a NullPointerException.
        checkCustomerId("customerId", customerId);
        return assignAll(tenantId, experimentId, List.of(customerId)).get(0);
    }

    /** Assigns every customer (in request order; a repeated id gets the same answer). */
    public List<AssignmentView> assignAll(String tenantId, String experimentId, List<String> customerIds) {
        for (int i = 0; i < customerIds.size(); i++) {
            checkCustomerId(customerIds.size() == 1 ? "customerId" : "customerIds[" + i + "]", customerIds.get(i));
        }
        ExperimentSnapshot snapshot = experiments.snapshot(tenantId, experimentId);
        Experiment experiment = snapshot.experiment();
        Instant now = Timestamps.millis(clock.instant());
        if (!experiment.isActive()) {
            return customerIds.stream().map(c -> unrecorded(snapshot, c, now)).toList();
        }
        Map<String, AssignmentView> answers = new HashMap<>();
        Set<String> pending = new LinkedHashSet<>(customerIds);
        for (int attempt = 0; attempt < MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            pending = resolve(snapshot, pending, now, answers);
        }
        if (!pending.isEmpty()) {
            throw DomainException.conflict("CONFLICT", "Assignment kept racing with concurrent changes; retry");
        }
        return customerIds.stream().map(answers::get).toList();
    }

    /** One round: read, decide, write what is missing or stale. Returns the customers that lost a race. */
    private Set<String> resolve(ExperimentSnapshot snapshot, Set<String> customers, Instant now,
                               Map<String, AssignmentView> answers) {
        Experiment experiment = snapshot.experiment();
        Map<String, StoredAssignment> existing = repository.findAll(experiment.tenantId(), experiment.id(),
                customers);
        List<StoredAssignment> inserts = new ArrayList<>();
        List<StoredAssignment> staleOld = new ArrayList<>();
        List<StoredAssignment> staleNew = new ArrayList<>();
        // Rows are written in customer-id order, whatever the request order: two batches naming the same new
        // customers in different orders would otherwise lock their rows in opposite orders and deadlock.
        for (String customer : new TreeSet<>(customers)) {
            StoredAssignment stored = existing.get(customer);
            if (stored != null && stillValid(stored, snapshot, now)) {
                answers.put(customer, view(snapshot, stored, false));
                continue;
            }
            StoredAssignment fresh = bucket(snapshot, customer, now);
            if (stored == null) {
                inserts.add(fresh);
            } else {
                staleOld.add(stored);
                staleNew.add(fresh);
            }
        }
        if (inserts.isEmpty() && staleNew.isEmpty()) {
            return Set.of();
        }
        Set<String> lost = new LinkedHashSet<>();
        transactions.executeWithoutResult(tx -> {
            lost.clear();
            // Sorted so concurrent transactions update counter rows in the same variant order.
            Map<String, Long> counts = new TreeMap<>();
            boolean[] inserted = inserts.isEmpty() ? new boolean[0]
                    : repository.insertIfAbsent(experiment.tenantId(), experiment.id(), inserts);
            boolean[] replaced = staleNew.isEmpty() ? new boolean[0]
                    : repository.replace(experiment.tenantId(), experiment.id(), staleOld, staleNew);
            collect(inserts, inserted, counts, lost);
            collect(staleNew, replaced, counts, lost);
            counts.forEach((variant, n) -> repository.count(experiment.tenantId(), experiment.id(),
                    experiment.phase(), experiment.configVersion(), variant, n));
        });
        for (StoredAssignment a : inserts) {
            if (!lost.contains(a.customerId())) {
                answers.put(a.customerId(), view(snapshot, a, true));
            }
        }
        for (StoredAssignment a : staleNew) {
            if (!lost.contains(a.customerId())) {
                answers.put(a.customerId(), view(snapshot, a, true));
            }
        }
        return lost;
    }

    private static void collect(List<StoredAssignment> rows, boolean[] written, Map<String, Long> counts,
                                Set<String> lost) {
        for (int i = 0; i < rows.size(); i++) {
            if (written[i]) {
                counts.merge(rows.get(i).variant(), 1L, Long::sum);
            } else {
                lost.add(rows.get(i).customerId());
            }
        }
    }

    /** The stored assignment, or 404. */
    public AssignmentView get(String tenantId, String experimentId, String customerId) {
        checkCustomerId("customerId", customerId);
        ExperimentSnapshot snapshot = experiments.snapshot(tenantId, experimentId);
        StoredAssignment stored = repository.find(tenantId, experimentId, customerId)
                .orElseThrow(() -> DomainException.notFound("Assignment of customer", customerId));
        return view(snapshot, stored, false);
    }

    /** The stored assignment row, for outcome attribution. */
    public Optional<StoredAssignment> find(String tenantId, String experimentId, String customerId) {
        return repository.find(tenantId, experimentId, customerId);
    }

    /** Assigned customers of a phase per configuration version and variant (read from the counters). */
    public List<AssignmentCount> counts(String tenantId, String experimentId, int phase) {
        return repository.counts(tenantId, experimentId, phase);
    }

    /** New assignments in the tenant since the given time. */
    public long assignedSince(String tenantId, Instant since) {
        return repository.assignedSince(tenantId, since);
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
        return new StoredAssignment(customerId, e.phase(), e.configVersion(), variant,
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
