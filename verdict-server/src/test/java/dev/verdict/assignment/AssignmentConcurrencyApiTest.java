package dev.verdict.assignment;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Simultaneous first calls for one customer over real HTTP on PostgreSQL. */
@ApiTest
class AssignmentConcurrencyApiTest extends ApiTestBase {

    private static final int CALLS = 64;
    private static final int BATCH_CALLS = 8;

    @Test
    void sixtyFourSimultaneousFirstCallsStoreOneRowAndAllAnswerTheSameVariant() throws Exception {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String b = createModel(editor, "chal-b");
        String id = anExperiment("race").champion(champion, 34).challenger(a, 33).challenger(b, 33).active()
                .create(editor);
        String path = "/api/v1/experiments/" + id + "/assignments";

        for (String customer : List.of("RACE-1", "RACE-2", "RACE-3")) {
            List<Api.Response> answers = concurrently(() -> editor.post(path, Map.of("customerId", customer)));

            assertThat(answers).as("every call succeeds").allSatisfy(r -> assertThat(r.status()).as(r.raw())
                    .isEqualTo(200));
            assertThat(answers.stream().map(r -> r.json().get("variant").asText()).distinct().toList())
                    .as("variants answered to %s", customer).hasSize(1);
            assertThat(answers.stream().map(r -> r.json().get("assignedAt").asText()).distinct().toList())
                    .as("assignedAt answered to %s", customer).hasSize(1);
            assertThat(answers.stream().filter(r -> r.json().get("new").asBoolean()).count())
                    .as("calls that say they created the assignment of %s", customer).isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND experiment_id = ? "
                    + "AND customer_id = ?").params(tenant.id(), id, customer).query(Long.class).single())
                    .as("rows stored for %s", customer).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT COALESCE(SUM(customers), 0) FROM assignment_counts WHERE tenant_id = ? "
                + "AND experiment_id = ?").params(tenant.id(), id).query(Long.class).single())
                .as("customers counted").isEqualTo(3);
    }

    @Test
    void batchesOfTheSameNewCustomersInOppositeOrderDoNotDeadlock() throws Exception {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "chal-a");
        String id = anExperiment("opposite").champion(champion, 50).challenger(a, 50).active().create(editor);
        String path = "/api/v1/experiments/" + id + "/assignments/batch";
        for (int round = 0; round < 3; round++) {
            List<String> forward = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                forward.add("OPP" + round + "-" + i);
            }
            List<String> backward = new ArrayList<>(forward);
            java.util.Collections.reverse(backward);
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<Api.Response> answers = concurrently(() -> editor.post(path, Map.of("customerIds",
                    turn.getAndIncrement() % 2 == 0 ? forward : backward)), BATCH_CALLS);
            assertThat(answers).as("round %d", round).allSatisfy(r -> assertThat(r.status()).as(r.raw())
                    .isEqualTo(200));
            assertThat(answers.stream().map(r -> {
                Map<String, String> byCustomer = new java.util.TreeMap<>();
                r.json().get("data").forEach(n -> byCustomer.put(n.get("customerId").asText(),
                        n.get("variant").asText()));
                return byCustomer;
            }).distinct().count()).as("distinct answers in round %d", round).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), id).query(Long.class).single()).isEqualTo(1500);
        assertThat(jdbc.sql("SELECT SUM(customers) FROM assignment_counts WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), id).query(Long.class).single()).isEqualTo(1500);
    }

    private static List<Api.Response> concurrently(java.util.concurrent.Callable<Api.Response> call)
            throws Exception {
        return concurrently(call, CALLS);
    }

    private static List<Api.Response> concurrently(java.util.concurrent.Callable<Api.Response> call, int calls)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
