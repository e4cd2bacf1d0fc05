package dev.verdict.outcome;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The striped counters (assignment_counts, outcome_counts) must equal a recount from the raw rows after heavy
 * concurrent mixed traffic over real HTTP on PostgreSQL: single and batch assignments with overlapping customers in
 * random order, single and batch outcomes with repeated (sometimes conflicting) idempotency keys.
 */
@ApiTest
class CountersMatchRecountApiTest extends ApiTestBase {

    private static final int THREADS = 32;
    private static final int CALLS = 10_000;
    private static final int CUSTOMERS = 2_000;
    private static final int KEYS = 6_000;
    private static final long SEED = 20260301L;

    private String assignPath;
    private String outcomePath;

    @Test
    void countersEqualARecountFromRawRowsAfterTenThousandConcurrentMixedCalls() throws Exception {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String b = createModel(editor, "chal-b");
        String id = anExperiment("counters").champion(champion, 40).challenger(a, 30).challenger(b, 30).holdout(10)
                .active().create(editor);
        assignPath = "/api/v1/experiments/" + id + "/assignments";
        outcomePath = "/api/v1/experiments/" + id + "/outcomes";

        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicLong batchItems = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int call = next.getAndIncrement(); call < CALLS; call = next.getAndIncrement()) {
                        SplittableRandom random = new SplittableRandom(SEED + call);
                        String kind = kind(random);
                        Api.Response r = send(kind, random, batchItems);
                        statuses.computeIfAbsent(kind + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
                        if (!allowed(kind, r.status())) {
                            unexpected.add(kind + " -> " + r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%d concurrent calls (%d batch items) on %d threads took %d ms; statuses %s%n", CALLS,
                batchItems.get(), THREADS, took.toMillis(), new TreeMap<>(statuses));

        assertThat(unexpected).as("calls answered with an unexpected status (first few)")
                .satisfies(q -> assertThat(q.stream().limit(5).toList()).isEmpty());
        assertThat(statuses).as("the mix exercised every path").containsKeys("assign 200", "assign-batch 200",
                "outcome 201", "outcome 200", "outcome 409", "outcome-batch 200");

        assertThat(assignmentCounters(id)).as("assignment_counts vs COUNT(*) of assignments per variant")
                .isEqualTo(assignmentRecount(id)).isNotEmpty();
        Map<String, List<Object>> counters = outcomeCounters(id);
        Map<String, List<Object>> recount = outcomeRecount(id);
        assertThat(counters).as("outcome_counts (customers, events, value_sum) vs a recount from outcomes")
                .isEqualTo(recount).isNotEmpty();
    }

    private static String kind(SplittableRandom random) {
        int dice = random.nextInt(100);
        if (dice < 40) {
            return "assign";
        }
        if (dice < 45) {
            return "assign-batch";
        }
        if (dice < 95) {
            return "outcome";
        }
        return "outcome-batch";
    }

    private static boolean allowed(String kind, int status) {
        return switch (kind) {
            case "assign", "assign-batch", "outcome-batch" -> status == 200;
            // 404 NOT_ASSIGNED before the customer's first assignment; 409 for a reused key with another body.
            case "outcome" -> Set.of(200, 201, 404, 409).contains(status);
            default -> false;
        };
    }

    private Api.Response send(String kind, SplittableRandom random, AtomicLong batchItems) {
        return switch (kind) {
            case "assign" -> editor.post(assignPath, Map.of("customerId", customer(random.nextInt(CUSTOMERS))));
            case "assign-batch" -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ids.add(customer(random.nextInt(CUSTOMERS)));
                }
                Collections.shuffle(ids, new java.util.Random(random.nextLong()));
                batchItems.addAndGet(ids.size());
                yield editor.post(assignPath + "/batch", Map.of("customerIds", ids));
            }
            case "outcome" -> editor.post(outcomePath, outcome(random));
            case "outcome-batch" -> {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    items.add(outcome(random));
                }
                batchItems.addAndGet(items.size());
                yield editor.post(outcomePath + "/batch", Map.of("outcomes", items));
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String customer(int n) {
        return String.format("MIX%05d", n);
    }

    /**
     * An outcome whose body is a function of its idempotency key (so a reused key is a replay), except that one in
     * twenty carries another value (so a reused key conflicts).
     */
    private static Map<String, Object> outcome(SplittableRandom random) {
        int key = random.nextInt(KEYS);
        Map<String, Object> body = new LinkedHashMap<>();
        // Several keys per customer, so customers have repeated conversions.
        body.put("customerId", customer(key % (CUSTOMERS / 2)));
        body.put("idempotencyKey", "key-" + key);
        body.put("outcome", key % 3 == 0 ? "click" : "conversion");
        if (key % 4 != 0) {
            body.put("value", random.nextInt(20) == 0 ? 1000.25 : (key % 97) + 0.5);
        }
        return body;
    }

    private Map<String, Long> assignmentCounters(String id) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.sql("SELECT phase, config_version, variant, SUM(customers) FROM assignment_counts WHERE tenant_id = ? "
                        + "AND experiment_id = ? GROUP BY phase, config_version, variant")
                .params(tenant.id(), id)
                .query(rs -> {
                    out.put(rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getString(3), rs.getLong(4));
                });
        return out;
    }

    private Map<String, Long> assignmentRecount(String id) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.sql("SELECT phase, unit_config_version, unit_variant, COUNT(*) FROM assignments WHERE tenant_id = ? "
                        + "AND experiment_id = ? GROUP BY phase, unit_config_version, unit_variant")
                .params(tenant.id(), id)
                .query(rs -> {
                    out.put(rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getString(3), rs.getLong(4));
                });
        return out;
    }

    /** (phase/variant/outcome) → [customers, events, value_sum rounded to cents]. */
    private Map<String, List<Object>> outcomeCounters(String id) {
        Map<String, List<Object>> out = new TreeMap<>();
        jdbc.sql("SELECT phase, variant, outcome, SUM(customers), SUM(events), SUM(value_sum) FROM outcome_counts "
                        + "WHERE tenant_id = ? AND experiment_id = ? GROUP BY phase, variant, outcome")
                .params(tenant.id(), id)
                .query(rs -> {
                    out.put(rs.getInt(1) + "/" + rs.getString(2) + "/" + rs.getString(3),
                            List.of(rs.getLong(4), rs.getLong(5), Math.round(rs.getDouble(6) * 100)));
                });
        return out;
    }

    /** The same from the raw rows: distinct customers of outcomes (and outcome_firsts), events, values. */
    private Map<String, List<Object>> outcomeRecount(String id) {
        Map<String, List<Object>> out = new TreeMap<>();
        jdbc.sql("SELECT o.phase, o.variant, o.outcome, COUNT(DISTINCT o.customer_id), COUNT(*), "
                        + "SUM(COALESCE(o.outcome_value, 0)), (SELECT COUNT(*) FROM outcome_firsts f "
                        + "WHERE f.tenant_id = o.tenant_id AND f.experiment_id = o.experiment_id AND f.phase = o.phase "
                        + "AND f.variant = o.variant AND f.outcome = o.outcome) FROM outcomes o "
                        + "WHERE o.tenant_id = ? AND o.experiment_id = ? "
                        + "GROUP BY o.tenant_id, o.experiment_id, o.phase, o.variant, o.outcome")
                .params(tenant.id(), id)
                .query(rs -> {
                    String key = rs.getInt(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
                    assertThat(rs.getLong(7)).as("outcome_firsts rows of %s vs distinct customers in outcomes", key)
                            .isEqualTo(rs.getLong(4));
                    out.put(key, List.of(rs.getLong(4), rs.getLong(5), Math.round(rs.getDouble(6) * 100)));
                });
        return out;
    }
}
