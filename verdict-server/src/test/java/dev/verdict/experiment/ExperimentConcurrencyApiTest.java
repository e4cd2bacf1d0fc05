package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentBuilder.empty;
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
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Parallel writes: one winner per key, PUTs that never interleave, one audit entry per successful PUT. */
@ApiTest
class ExperimentConcurrencyApiTest extends ApiTestBase {

    private static final String EXPERIMENTS = "/api/v1/experiments";

    @Test
    void createsExactlyOneOfTwentyParallelPostsWithTheSameKey() throws Exception {
        List<Api.Response> responses = inParallel(20,
                i -> (i % 2 == 0 ? editor : admin).post(EXPERIMENTS, anExperiment().key("contended").body()));

        assertThat(responses).filteredOn(r -> r.status() == 201).as(responses.toString()).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 201).as(responses.toString()).hasSize(19)
                .allSatisfy(r -> {
                    assertThat(r.status()).as(r.raw()).isEqualTo(400);
                    assertThat(r.errorCode()).as(r.raw()).isEqualTo("DUPLICATE_KEY");
                });
        assertThat(viewer.get(EXPERIMENTS).json().get("data")).hasSize(1);
    }

    @Test
    void parallelPutsLeaveTheStateOfExactlyOneRequestAndAuditEachOne() throws Exception {
        String champion = createModel(editor, "champion");
        String a = createModel(editor, "a");
        String b = createModel(editor, "b");
        String id = editor.post(EXPERIMENTS, anExperiment().champion(champion, 50).withChallenger(a, 50).body())
                .json().get("id").asText();
        int writers = 10;

        // Request i: name "writer-i", champion 90-5i, and either challenger a or b with the rest.
        List<Api.Response> responses = inParallel(writers, i -> editor.put(EXPERIMENTS + "/" + id, empty()
                .name("writer-" + i).championPct(90 - 5 * i).withChallenger(i % 2 == 0 ? a : b, 10 + 5 * i)
                .description("d" + i).body()));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.raw()).isEqualTo(200));
        JsonNode end = viewer.get(EXPERIMENTS + "/" + id).json();
        int winner = Integer.parseInt(end.get("name").asText().substring("writer-".length()));
        assertThat(end.get("description").asText()).as("description of the same request").isEqualTo("d" + winner);
        assertThat(end.get("trafficSplit").get("championPct").decimalValue()).as("champion share of writer-" + winner)
                .isEqualByComparingTo(String.valueOf(90 - 5 * winner));
        assertThat(end.get("challengers")).hasSize(1);
        JsonNode challenger = end.get("challengers").get(0);
        assertThat(challenger.get("modelId").asText()).as("challenger of writer-" + winner)
                .isEqualTo(winner % 2 == 0 ? a : b);
        assertThat(challenger.get("trafficPct").decimalValue()).isEqualByComparingTo(String.valueOf(10 + 5 * winner));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM experiment_challengers WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), id).query(Long.class).single()).as("challenger rows").isEqualTo(1);

        Api.Response audit = admin.get("/api/v1/audit-logs?entityType=experiment&entityId=" + id + "&limit=100");
        assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
        List<JsonNode> updates = audit.json().get("data").valueStream()
                .filter(e -> e.get("action").asText().equals("experiment.updated")).toList();
        assertThat(updates).as("one audit entry per successful PUT").hasSize(writers);
        assertThat(updates).extracting(e -> e.get("after").get("name").asText()).doesNotHaveDuplicates();
        assertThat(admin.get("/api/v1/audit-logs/verify").json().get("valid").asBoolean()).isTrue();
    }

    private static List<Api.Response> inParallel(int n, IntFunction<Api.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
