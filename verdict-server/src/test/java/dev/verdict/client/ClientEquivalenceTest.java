package dev.verdict.client;

import static dev.verdict.client.ClientTestSupport.counter;
import static dev.verdict.client.ClientTestSupport.local;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestTenants;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The client against the real server on PostgreSQL, over a phase with a ramp-up: 100,000 customers, version 1
 * (90/10, 5 % holdout) then version 2 (80/20), customers arriving in both and a quarter of the first coming back.
 * Every answer must be the customer's stored assignment, exactly the customers of moved buckets must be asked of the
 * server, and /results must count the client's traffic exactly as the same traffic sent through the API (another
 * tenant, same key, same splits, the batch endpoint).
 */
@ApiTest
class ClientEquivalenceTest extends ApiTestBase {

    private static final String KEY = "equivalence";
    private static final int FIRST = 50_000;       // C000001 .. C050000 arrive under version 1
    private static final int RETURNING = 25_000;   // C000001 .. C025000 come back under version 2
    private static final int LATER = 50_000;       // C050001 .. C100000 arrive under version 2
    private static final BucketLayout V1 = layout(90, 10);
    private static final BucketLayout V2 = layout(80, 20);

    /** One tenant's experiment: its id and the challenger's model id (for the split change). */
    private record Setup(String id, String challengerModel) { }

    @Test
    void everyAnswerIsTheStoredAssignmentOnlyMovedBucketsAskTheServerAndResultsEqualTheApis() throws Exception {
        Setup viaClient = setup(admin);
        TestTenants.Tenant other = otherTenant();
        Api otherAdmin = new Api(port, other.admin());
        Api otherEditor = new Api(port, other.editor());
        Setup viaApi = setup(otherAdmin);

        List<String> first = customers(1, FIRST);
        List<String> second = new ArrayList<>();
        for (int i = 0; i < LATER; i++) {   // returning and new customers interleaved, as they would arrive
            if (i % 2 == 0 && i / 2 < RETURNING) {
                second.add(first.get(i / 2));
            }
            second.add(id(FIRST + 1 + i));
        }
        assertThat(second).hasSize(RETURNING + LATER);

        // Version 1: one application instance assigns through the client; the other tenant through the API.
        Map<String, AssignmentResult> firstAnswers = new HashMap<>();
        try (VerdictClient client = client(tenant.editor())) {
            assertThat(client.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
            for (String c : first) {
                AssignmentResult a = client.assign(KEY, c);
                assertThat(a.source()).as("a single version answers everybody locally").isEqualTo(AssignmentSource.LOCAL);
                assertThat(a.configVersion()).isEqualTo(1);
                firstAnswers.put(c, a);
            }
            client.close();
            assertThat(counter(client, "verdict.client.exposures.reported", "result", "recorded")).isEqualTo(FIRST);
            assertNothingDropped(client);
        }
        assignThroughApi(otherEditor, viaApi.id(), first);

        changeSplit(admin, viaClient);
        changeSplit(otherAdmin, viaApi);

        // Version 2: a fresh instance (another application node), eight threads of traffic.
        Map<String, AssignmentResult> secondAnswers = new ConcurrentHashMap<>();
        long remote;
        try (VerdictClient client = client(tenant.editor())) {
            assertThat(client.awaitReady(Duration.ofSeconds(30))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
            assertThat(client.feed().experiment(KEY).liveVersions()).containsExactly(2, 1);
            ExecutorService traffic = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int lane = t;
                    done.add(traffic.submit(() -> {
                        for (int i = lane; i < second.size(); i += 8) {
                            secondAnswers.put(second.get(i), client.assign(KEY, second.get(i)));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                traffic.shutdown();
            }
            client.close();
            remote = secondAnswers.values().stream().filter(a -> a.source() == AssignmentSource.SERVER).count();
            assertThat(secondAnswers.values()).noneMatch(a -> a.source() == AssignmentSource.FALLBACK);
            assertThat(counter(client, "verdict.client.assignments", "source", "server")).isEqualTo(remote);
            assertThat(counter(client, "verdict.client.exposures.reported", "result", "crossover")).isZero();
            assertThat(counter(client, "verdict.client.exposures.reported", "result", "error")).isZero();
            assertNothingDropped(client);
        }
        assignThroughApi(otherEditor, viaApi.id(), second);

        // Every answer is what the server stored for the customer.
        Map<String, String> stored = new HashMap<>();
        jdbc.sql("SELECT customer_id, variant FROM assignments WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), viaClient.id())
                .query((rs, n) -> stored.put(rs.getString(1), rs.getString(2))).list();
        assertThat(stored).as("stored assignments").hasSize(FIRST + LATER);
        int mismatches = 0;
        for (Map.Entry<String, AssignmentResult> e : firstAnswers.entrySet()) {
            mismatches += e.getValue().variant().equals(stored.get(e.getKey())) ? 0 : 1;
        }
        for (Map.Entry<String, AssignmentResult> e : secondAnswers.entrySet()) {
            mismatches += e.getValue().variant().equals(stored.get(e.getKey())) ? 0 : 1;
        }
        assertThat(mismatches).as("answers that differ from the stored assignment").isZero();
        for (int i = 0; i < RETURNING; i++) {
            String c = first.get(i);
            assertThat(secondAnswers.get(c).variant()).as("returning %s is sticky", c)
                    .isEqualTo(firstAnswers.get(c).variant());
        }

        // Exactly the customers of moved buckets were asked of the server.
        long moved = second.stream().filter(ClientEquivalenceTest::moved).count();
        System.out.printf("ClientEquivalenceTest: %d of %d assignments after the split change resolved remotely "
                + "(%.2f %%); %d of 10,000 buckets moved%n", remote, second.size(), 100.0 * remote / second.size(),
                movedBuckets());
        assertThat(remote).as("answers from the server").isEqualTo(moved);
        for (String c : second) {
            assertThat(secondAnswers.get(c).source()).as("source of %s", c)
                    .isEqualTo(moved(c) ? AssignmentSource.SERVER : AssignmentSource.LOCAL);
        }

        // Outcomes for every seventh customer, the same through both paths; then the two results documents agree.
        List<String> converting = new ArrayList<>();
        for (int i = 1; i <= FIRST + LATER; i += 7) {
            converting.add(id(i));
        }
        convert(editor, viaClient.id(), converting);
        convert(otherEditor, viaApi.id(), converting);
        Map<String, List<Long>> clientCounts = counts(viewer, viaClient.id());
        Map<String, List<Long>> apiCounts = counts(new Api(port, other.viewer()), viaApi.id());
        assertThat(clientCounts).as("units, conversions and crossovers per version and variant").isEqualTo(apiCounts);
        assertThat(clientCounts.get("v1/" + BucketLayout.CHAMPION).get(0)).isPositive();
        assertThat(clientCounts.get("v2/eq-challenger").get(1)).as("conversions counted").isPositive();
        assertThat(clientCounts.keySet()).contains("all/" + BucketLayout.HOLDOUT, "v2/" + BucketLayout.HOLDOUT);
    }

    private VerdictClient client(String key) {
        return VerdictClient.builder(local(port), key)
                .exposureQueueSize(200_000)          // this test sends far faster than any real traffic arrives
                .exposureBatchSize(1_000)
                .serverAssignTimeout(Duration.ofSeconds(10))   // a loaded 2-core machine must not turn into fallbacks
                .closeTimeout(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMinutes(10))
                .listener(new ClientTestSupport.Recorder())
                .build();
    }

    private static void assertNothingDropped(VerdictClient client) {
        for (String reason : List.of("overflow", "failed", "rejected", "closed")) {
            assertThat(counter(client, "verdict.client.exposures.dropped", "reason", reason)).as(reason).isZero();
        }
    }

    private Setup setup(Api api) {
        String champion = createModel(api, "eq-champion");
        String challenger = createModel(api, "eq-challenger");
        String id = anExperiment(KEY).champion(champion, 90).challenger(challenger, 10).holdout(5).active().create(api);
        return new Setup(id, challenger);
    }

    private static void changeSplit(Api api, Setup s) {
        Api.Response r = api.put("/api/v1/experiments/" + s.id(), Map.of("trafficSplit", Map.of("championPct", 80),
                "challengers", List.of(Map.of("modelId", s.challengerModel(), "trafficPct", 20))));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    private static void assignThroughApi(Api api, String experiment, List<String> customers) {
        for (int from = 0; from < customers.size(); from += 1_000) {
            Api.Response r = api.post("/api/v1/experiments/" + experiment + "/assignments/batch",
                    Map.of("customerIds", customers.subList(from, Math.min(customers.size(), from + 1_000))));
            assertThat(r.status()).as("%s", r).isEqualTo(200);
        }
    }

    private static void convert(Api api, String experiment, List<String> customers) {
        for (int from = 0; from < customers.size(); from += 1_000) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (String c : customers.subList(from, Math.min(customers.size(), from + 1_000))) {
                items.add(Map.of("customerId", c, "idempotencyKey", "conv-" + c));
            }
            Api.Response r = api.post("/api/v1/experiments/" + experiment + "/outcomes/batch", Map.of("outcomes", items));
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            r.json().get("data").forEach(item -> assertThat(item.get("status").asText()).as("%s", item)
                    .isEqualTo("recorded"));
        }
    }

    /** "v{version}/{variant}" and "all/{variant}" → [samples, conversions, crossovers] from /results. */
    private static Map<String, List<Long>> counts(Api api, String experiment) {
        Api.Response r = api.get("/api/v1/experiments/" + experiment + "/results");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode results = r.json();
        Map<String, List<Long>> out = new TreeMap<>();
        results.get("variants").forEach(v -> out.put("all/" + v.get("variant").asText(), List.of(
                v.get("samples").asLong(), v.get("conversions").asLong(), v.get("crossovers").asLong())));
        results.get("versions").forEach(version -> version.get("arms").forEach(a -> out.put(
                "v" + version.get("configVersion").asInt() + "/" + a.get("variant").asText(), List.of(
                        a.get("samples").asLong(), a.get("conversions").asLong(), a.get("crossovers").asLong()))));
        return out;
    }

    private static boolean moved(String customer) {
        int b = BucketHash.bucket(KEY, customer);
        return !V1.variantOf(b).equals(V2.variantOf(b));
    }

    private static int movedBuckets() {
        int n = 0;
        for (int b = 0; b < BucketHash.BUCKETS; b++) {
            n += V1.variantOf(b).equals(V2.variantOf(b)) ? 0 : 1;
        }
        return n;
    }

    private static BucketLayout layout(int champion, int challenger) {
        return new BucketLayout(BigDecimal.valueOf(5), BigDecimal.valueOf(champion),
                List.of(new Arm("eq-challenger", BigDecimal.valueOf(challenger))));
    }

    private static List<String> customers(int from, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(id(i));
        }
        return out;
    }

    private static String id(int i) {
        return String.format("C%06d", i);
    }
}
