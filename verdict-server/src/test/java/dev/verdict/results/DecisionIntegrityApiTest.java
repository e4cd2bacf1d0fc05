package dev.verdict.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The everyday cases in which results and promotions used to go wrong (issue "Decision integrity"), each driven
 * over real HTTP on PostgreSQL. Customers are chosen by the published hash so each arm gets exactly the counts a
 * case needs, and conversions are exact, so every expectation is a number, not a tolerance on noise.
 */
@ApiTest
class DecisionIntegrityApiTest extends ApiTestBase {

    private static final String CHAMPION = BucketLayout.CHAMPION;
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Test
    void aRampUpWithoutEffectShowsNoUpliftAndPromotesNothing() {
        // 90/10 while the base rate is 10 %, then 50/50 while it is 15 %: neither period has any effect. Pooling the
        // two versions gave +0.024 with p ≈ 3e-6 and promoted the null challenger.
        Setup s = setup(90, List.of(10), 0);
        convertShare(s.id, assignIn(s, CHAMPION, 9_000), 0.10);
        convertShare(s.id, assignIn(s, s.challengers.get(0), 1_000), 0.10);
        changeSplit(s, 50, List.of(50));
        convertShare(s.id, assignIn(s, CHAMPION, 5_000), 0.15);
        convertShare(s.id, assignIn(s, s.challengers.get(0), 5_000), 0.15);

        JsonNode results = results(s.id);
        JsonNode c = comparison(results, s.challengers.get(0));
        assertThat(c.get("treatmentConversionRate").asDouble() - c.get("controlConversionRate").asDouble())
                .as("the pooled rates differ (Simpson's paradox), which is what used to be reported")
                .isGreaterThan(0.02);
        assertThat(c.get("uplift").asDouble()).as(c.toString()).isCloseTo(0.0, within(1e-12));
        assertThat(c.get("significant").asBoolean()).as(c.toString()).isFalse();
        assertThat(c.get("pValue").asDouble()).as(c.toString()).isGreaterThan(0.99);
        assertThat(results.get("versions")).as("per-version breakdown").hasSize(2);
        assertThat(results.get("versions").get(1).get("arms").get(0).get("configuredPct").asDouble())
                .isEqualTo(50.0);
        assertThat(evaluate(s.id).get("promote").asBoolean()).isFalse();
    }

    @Test
    void aCustomerReBucketedAfterExpiryIsCountedOnceAsACrossover() {
        Setup s = setup(50, List.of(50), 0);
        List<String> champions = assignIn(s, CHAMPION, 400);
        List<String> challengers = assignIn(s, s.challengers.get(0), 400);
        convertShare(s.id, champions, 0.10);
        convertShare(s.id, challengers, 0.10);
        changeSplit(s, 10, List.of(90));
        clock.advance(Duration.ofDays(31));
        assign(s.id, champions);
        assign(s.id, challengers);
        long moved = champions.stream().filter(c -> !variantOf(s, c).equals(CHAMPION)).count();
        assertThat(moved).as("the new split moves some returning champion customers").isGreaterThan(100);

        JsonNode results = results(s.id);
        JsonNode champion = variant(results, CHAMPION);
        assertThat(champion.get("samples").asLong()).as("a re-bucketed customer is not a new sample").isEqualTo(400);
        assertThat(champion.get("crossovers").asLong()).isEqualTo(moved);
        assertThat(variant(results, s.challengers.get(0)).get("samples").asLong()).isEqualTo(400);
        assertThat(champion.get("conversions").asLong()).isEqualTo(40);
        JsonNode c = comparison(results, s.challengers.get(0));
        assertThat(c.get("uplift").asDouble()).as(c.toString()).isCloseTo(0.0, within(1e-12));
        assertThat(c.get("treatmentCrossovers").asLong()).isZero();
        assertThat(results.get("srm").get("mismatch").asBoolean()).as(results.get("srm").toString()).isFalse();

        // Outcomes after the crossover still count in the customer's first arm (intention to treat): a moved
        // customer who had not converted converts now, and the champion gains the conversion, the challenger none.
        String crossed = champions.stream().filter(x -> !variantOf(s, x).equals(CHAMPION)
                && champions.indexOf(x) % 10 != 0).findFirst().orElseThrow();
        record(s.id, crossed, "late-" + crossed);
        JsonNode after = results(s.id);
        assertThat(variant(after, CHAMPION).get("conversions").asLong()).isEqualTo(41);
        assertThat(variant(after, s.challengers.get(0)).get("conversions").asLong()).isEqualTo(40);
    }

    @Test
    void aModelSwapStartsANewPhaseInsteadOfCountingReturningCustomersTwice() {
        Setup s = setup(50, List.of(50), 0);
        List<String> a = assignIn(s, CHAMPION, 1_000);
        List<String> b = assignIn(s, s.challengers.get(0), 1_000);
        convertShare(s.id, a, 0.10);
        convertShare(s.id, b, 0.10);
        String replacement = createModel(editor, "swap-" + SEQ.incrementAndGet());
        Api.Response swapped = editor.put("/api/v1/experiments/" + s.id, Map.of("championModelId", replacement));
        assertThat(swapped.status()).as(swapped.raw()).isEqualTo(200);

        assign(s.id, a);
        assign(s.id, b);
        convertShare(s.id, a, 0.10);
        convertShare(s.id, b, 0.10);
        JsonNode results = results(s.id);
        assertThat(results.get("phase").asInt()).isEqualTo(2);
        JsonNode c = comparison(results, s.challengers.get(0));
        assertThat(c.get("treatmentSamples").asLong() + c.get("controlSamples").asLong()).isEqualTo(2_000);
        assertThat(Math.abs(c.get("zScore").asDouble())).as(c.toString()).isLessThan(2.0);
        assertThat(results.get("srm").get("mismatch").asBoolean()).isFalse();
    }

    @Test
    void removingAChallengerStartsANewPhaseSoItsReturningCustomersRaiseNoSampleRatioAlarm() {
        Setup s = setup(34, List.of(33, 33), 0);
        List<String> all = new ArrayList<>();
        all.addAll(assignIn(s, CHAMPION, 600));
        all.addAll(assignIn(s, s.challengers.get(0), 600));
        List<String> leaving = assignIn(s, s.challengers.get(1), 600);
        all.addAll(leaving);
        Api.Response removed = editor.put("/api/v1/experiments/" + s.id, Map.of(
                "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", s.challengerModels.get(0), "trafficPct", 50))));
        assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
        assign(s.id, all);

        JsonNode results = results(s.id);
        assertThat(results.get("phase").asInt()).isEqualTo(2);
        JsonNode srm = results.get("srm");
        assertThat(srm.get("mismatch").asBoolean()).as(srm.toString()).isFalse();
        long total = 0;
        for (JsonNode v : results.get("variants")) {
            total += v.get("samples").asLong();
        }
        assertThat(total).isEqualTo(1_800);
        assertThat(evaluate(s.id).get("verdicts").get(0).get("reason").asText()).isNotEqualTo("SRM_MISMATCH");
    }

    @Test
    void aSmallUnbalancedChallengerIsNotPromotedOnAFewConversions() {
        // Challenger 12/400 against champion 0/100 (Fisher p = 0.14) used to reach Λ = 73.6 and be promoted.
        Setup s = setup(20, List.of(80), 0);
        assignIn(s, CHAMPION, 100);
        List<String> challenger = assignIn(s, s.challengers.get(0), 400);
        convert(s.id, challenger.subList(0, 12));
        JsonNode decision = evaluate(s.id);
        assertThat(decision.get("promote").asBoolean()).as(decision.toString()).isFalse();
        JsonNode verdict = decision.get("verdicts").get(0);
        assertThat(verdict.get("reason").asText()).isIn("NOT_SIGNIFICANT", "BELOW_THRESHOLD");
        JsonNode c = comparison(results(s.id), s.challengers.get(0));
        assertThat(c.get("sequentialPValue").isNull() || c.get("sequentialPValue").asDouble() > 0.05)
                .as(c.toString()).isTrue();
    }

    @Test
    void significantIsTrueExactlyWhenTheIntervalAtItsLabelledLevelExcludesZero() {
        // Champion 1000/10000, A 1090/10000, B 1000/10000: A's raw interval excludes 0 but Holm does not reject.
        Setup s = setup(34, List.of(33, 33), 0);
        convert(s.id, assignIn(s, CHAMPION, 10_000).subList(0, 1_000));
        convert(s.id, assignIn(s, s.challengers.get(0), 10_000).subList(0, 1_090));
        convert(s.id, assignIn(s, s.challengers.get(1), 10_000).subList(0, 1_000));
        JsonNode results = results(s.id);
        for (JsonNode c : results.get("comparisons")) {
            boolean excludesZero = c.get("ciLower").asDouble() > 0 || c.get("ciUpper").asDouble() < 0;
            assertThat(c.get("significant").asBoolean()).as(c.toString()).isEqualTo(excludesZero);
            assertThat(c.get("ciLevel").asDouble()).as(c.toString()).isEqualTo(0.975);
        }
        JsonNode a = comparison(results, s.challengers.get(0));
        assertThat(a.get("pValue").asDouble()).as("raw p of A").isBetween(0.025, 0.05);
        assertThat(a.get("significant").asBoolean()).isFalse();
        assertThat(a.get("ciLower").asDouble()).isLessThan(0.0);
    }

    @Test
    void aTinyFirstVersionWithOneHoldoutCustomerIsNoSampleRatioMismatch() {
        // Five customers, one of them in a 1 % holdout: Pearson's chi-square says p = 1e-4, the exact answer 0.049.
        Setup s = setup(50, List.of(50), 1);
        assignIn(s, BucketLayout.HOLDOUT, 1);
        assignIn(s, CHAMPION, 2);
        assignIn(s, s.challengers.get(0), 2);
        JsonNode srm = results(s.id).get("srm");
        assertThat(srm.get("mismatch").asBoolean()).as(srm.toString()).isFalse();
        assertThat(srm.get("chiSquarePValue").asDouble()).as("the chi-square alone would have alarmed")
                .isLessThan(0.001);
    }

    @Test
    void aTransientImbalanceAtOneLookIsNotAMismatchAndTheSampleRatioPValueNeverRises() {
        Setup s = setup(50, List.of(50), 0);
        assignIn(s, CHAMPION, 68);
        assignIn(s, s.challengers.get(0), 32);
        JsonNode first = results(s.id).get("srm");
        assertThat(first.get("chiSquarePValue").asDouble()).as("Pearson at this look").isLessThan(0.001);
        assertThat(first.get("mismatch").asBoolean()).as(first.toString()).isFalse();
        assignIn(s, CHAMPION, 32);
        assignIn(s, s.challengers.get(0), 68);
        JsonNode second = results(s.id).get("srm");
        assertThat(second.get("pValue").asDouble()).as("running minimum").isEqualTo(first.get("pValue").asDouble());
    }

    @Test
    void alphaIsExactlyOneMinusTheConfidence() {
        Setup s = setup(50, List.of(50), 0);
        assignIn(s, CHAMPION, 60);
        assignIn(s, s.challengers.get(0), 60);
        Api.Response r = viewer.get("/api/v1/experiments/" + s.id + "/results");
        assertThat(r.raw()).contains("\"alpha\":0.05,");
        assertThat(viewer.get("/api/v1/experiments/" + s.id + "/results?confidence=0.9").raw())
                .contains("\"alpha\":0.1,");
    }

    @Test
    void theSequentialPValueIsAdjustedForTheChallengersAndNeverRises() {
        Setup s = setup(34, List.of(33, 33), 0);
        List<String> champion = assignIn(s, CHAMPION, 2_000);
        List<String> a = assignIn(s, s.challengers.get(0), 2_000);
        assignIn(s, s.challengers.get(1), 2_000);
        convert(s.id, champion.subList(0, 100));
        convert(s.id, a.subList(0, 180));
        JsonNode before = comparison(results(s.id), s.challengers.get(0));
        double p1 = before.get("sequentialPValue").asDouble();
        assertThat(p1).as(before.toString()).isLessThan(1.0);
        assertThat(before.get("alwaysValidLevel").asDouble()).isCloseTo(1 - 0.05 / 2, within(1e-12));

        // Weaker evidence later: the champion catches up. The running minimum stays.
        convert(s.id, champion.subList(100, 180));
        JsonNode after = comparison(results(s.id), s.challengers.get(0));
        assertThat(after.get("sequentialPValue").asDouble()).isEqualTo(p1);
        assertThat(after.get("alwaysValidLower").asDouble())
                .isGreaterThanOrEqualTo(before.get("alwaysValidLower").asDouble());
    }

    @Test
    void theHolmFamilyKeepsChallengersBelowMinSamples() {
        Setup s = setup(49, List.of(49, 2), 0);
        List<String> champion = assignIn(s, CHAMPION, 3_000);
        List<String> a = assignIn(s, s.challengers.get(0), 3_000);
        assignIn(s, s.challengers.get(1), 10);
        convert(s.id, champion.subList(0, 300));
        convert(s.id, a.subList(0, 380));
        JsonNode results = results(s.id);
        JsonNode small = comparison(results, s.challengers.get(1));
        assertThat(small.get("insufficientData").asBoolean()).isTrue();
        JsonNode c = comparison(results, s.challengers.get(0));
        assertThat(c.get("adjustedPValue").asDouble()).as(c.toString())
                .isCloseTo(Math.min(1.0, 2 * c.get("pValue").asDouble()), within(1e-15));
        assertThat(c.get("ciLevel").asDouble()).as("Holm rejects A at α/2, k = 2: %s", c).isEqualTo(0.975);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** An experiment under test: its id, key, the challenger variants and models, and the current layout. */
    private static final class Setup {
        String id;
        String key;
        List<String> challengers = new ArrayList<>();
        List<String> challengerModels = new ArrayList<>();
        BucketLayout layout;
        int holdout;
        Map<String, Integer> next = new HashMap<>();
    }

    private Setup setup(int championPct, List<Integer> challengerPcts, int holdoutPct) {
        Setup s = new Setup();
        int n = SEQ.incrementAndGet();
        s.key = "integrity-" + n;
        s.holdout = holdoutPct;
        String champion = createModel(editor, "champ-" + n);
        List<Map<String, Object>> challengers = new ArrayList<>();
        for (int i = 0; i < challengerPcts.size(); i++) {
            String key = "chall-" + n + "-" + i;
            String model = createModel(editor, key);
            s.challengers.add(key);
            s.challengerModels.add(model);
            challengers.add(Map.of("modelId", model, "trafficPct", challengerPcts.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", s.key);
        body.put("name", "Integrity " + n);
        body.put("status", "active");
        body.put("championModelId", champion);
        body.put("trafficSplit", Map.of("championPct", championPct));
        body.put("challengers", challengers);
        body.put("holdoutPercent", holdoutPct);
        body.put("autoPromote", true);
        body.put("promoteThreshold", 0.02);
        body.put("promoteAfterDays", 0);
        Api.Response r = editor.post("/api/v1/experiments", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        s.id = r.json().get("id").asText();
        s.layout = layout(s, championPct, challengerPcts);
        return s;
    }

    private BucketLayout layout(Setup s, int championPct, List<Integer> challengerPcts) {
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < challengerPcts.size(); i++) {
            arms.add(new Arm(s.challengers.get(i), BigDecimal.valueOf(challengerPcts.get(i))));
        }
        return new BucketLayout(BigDecimal.valueOf(s.holdout), BigDecimal.valueOf(championPct), arms);
    }

    private void changeSplit(Setup s, int championPct, List<Integer> challengerPcts) {
        List<Map<String, Object>> challengers = new ArrayList<>();
        for (int i = 0; i < challengerPcts.size(); i++) {
            challengers.add(Map.of("modelId", s.challengerModels.get(i), "trafficPct", challengerPcts.get(i)));
        }
        Api.Response r = editor.put("/api/v1/experiments/" + s.id, Map.of("trafficSplit",
                Map.of("championPct", championPct), "challengers", challengers));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        s.layout = layout(s, championPct, challengerPcts);
    }

    private String variantOf(Setup s, String customer) {
        return admin.get("/api/v1/experiments/" + s.id + "/assignments/" + customer).json().get("variant").asText();
    }

    /** Assigns {@code count} new customers whose bucket falls in {@code variant} under the current layout. */
    private List<String> assignIn(Setup s, String variant, int count) {
        List<String> picked = new ArrayList<>();
        int i = s.next.getOrDefault("seq", 0);
        while (picked.size() < count) {
            String customer = "c" + i++;
            if (s.layout.variantOf(BucketHash.bucket(s.key, customer)).equals(variant)) {
                picked.add(customer);
            }
        }
        s.next.put("seq", i);
        assign(s.id, picked);
        return picked;
    }

    private void assign(String id, List<String> customers) {
        for (int from = 0; from < customers.size(); from += 1_000) {
            List<String> chunk = customers.subList(from, Math.min(customers.size(), from + 1_000));
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                    Map.of("customerIds", chunk));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
        }
    }

    /** Records one conversion for each customer. */
    private void convert(String id, List<String> customers) {
        for (int from = 0; from < customers.size(); from += 1_000) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (String c : customers.subList(from, Math.min(customers.size(), from + 1_000))) {
                items.add(Map.of("customerId", c, "idempotencyKey", "k-" + SEQ.incrementAndGet() + "-" + c));
            }
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/outcomes/batch", Map.of("outcomes", items));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            for (JsonNode item : r.json().get("data")) {
                assertThat(item.get("status").asText()).as(item.toString()).isEqualTo("recorded");
            }
        }
    }

    /** Converts exactly every (1/share)-th customer of the list: the first of each run of 1/share. */
    private void convertShare(String id, List<String> customers, double share) {
        int every = (int) Math.round(1 / share);
        List<String> converting = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            if (i % every == 0) {
                converting.add(customers.get(i));
            }
        }
        convert(id, converting);
    }

    private void record(String id, String customer, String key) {
        Api.Response r = editor.post("/api/v1/experiments/" + id + "/outcomes", Map.of("customerId", customer,
                "idempotencyKey", key));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }

    private JsonNode results(String id) {
        Api.Response r = viewer.get("/api/v1/experiments/" + id + "/results");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json();
    }

    private JsonNode evaluate(String id) {
        Api.Response r = viewer.post("/api/v1/experiments/" + id + "/promotion/evaluate", Map.of());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode comparison(JsonNode results, String variant) {
        for (JsonNode c : results.get("comparisons")) {
            if (c.get("treatment").asText().equals(variant)) {
                return c;
            }
        }
        throw new AssertionError("no comparison for " + variant + " in " + results);
    }

    private static JsonNode variant(JsonNode results, String variant) {
        for (JsonNode v : results.get("variants")) {
            if (v.get("variant").asText().equals(variant)) {
                return v;
            }
        }
        throw new AssertionError("no variant " + variant + " in " + results);
    }
}
