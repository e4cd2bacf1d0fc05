package dev.verdict.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drives assignments and outcomes through the API, keeps its own book of who is where and who converted, and checks
 * every number of /results against values computed here from that book (see {@link IndependentStats}).
 */
@ApiTest
class ResultsEndToEndApiTest extends ApiTestBase {

    private static final String HOLDOUT = "__holdout__";
    private static final String CHAMPION = "__champion__";
    private static final double PROMOTE_THRESHOLD = 0.02;
    /** SequentialSampleRatio's default Dirichlet concentration (docs/STATISTICS.md). */
    private static final double SRM_CONCENTRATION = 1000;

    /** What the test itself saw: per variant, the customers assigned, those who converted and the value sum. */
    private final Map<String, Set<String>> assigned = new LinkedHashMap<>();
    private final Map<String, Set<String>> converted = new HashMap<>();
    private final Map<String, Double> values = new HashMap<>();
    private final Map<String, String> variantOf = new HashMap<>();

    @Test
    void everyNumberOfTheResultsMatchesAnIndependentComputationFromTheTestsOwnBookkeeping() {
        String champion = createModel(editor, "champ");
        String challengerA = createModel(editor, "cha");
        String challengerB = createModel(editor, "chb");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "e2e-results", "name", "E2E",
                "status", "active", "championModelId", champion, "holdoutPercent", 10,
                "trafficSplit", Map.of("championPct", 50), "challengers", List.of(
                        Map.of("modelId", challengerA, "trafficPct", 25),
                        Map.of("modelId", challengerB, "trafficPct", 25)),
                "promoteThreshold", PROMOTE_THRESHOLD));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();
        List.of(HOLDOUT, CHAMPION, "cha", "chb").forEach(v -> {
            assigned.put(v, new HashSet<>());
            converted.put(v, new HashSet<>());
            values.put(v, 0.0);
        });

        for (int batch = 0; batch < 4; batch++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ids.add("cust-" + (batch * 1000 + i));
            }
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch", Map.of("customerIds", ids));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            for (JsonNode a : r.json().get("data")) {
                String variant = a.get("variant").asText();
                assertThat(assigned).as("unknown variant %s", variant).containsKey(variant);
                assigned.get(variant).add(a.get("customerId").asText());
                variantOf.put(a.get("customerId").asText(), variant);
            }
        }
        assertThat(variantOf).hasSize(4000);

        // Conversion rates per variant chosen so some comparisons are clearly significant and some are not.
        Map<String, Double> rate = Map.of(HOLDOUT, 0.04, CHAMPION, 0.08, "cha", 0.09, "chb", 0.14);
        Random random = new Random(20260301);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        int key = 0;
        for (int c = 0; c < 4000; c++) {
            String customer = "cust-" + c;
            String variant = variantOf.get(customer);
            if (random.nextDouble() >= rate.get(variant)) {
                continue;
            }
            // Values are multiples of 1/4 so every sum is exact whatever order the database adds them in.
            double value = 5 + random.nextInt(200) / 4.0;
            outcomes.add(Map.of("customerId", customer, "value", value, "idempotencyKey", "k" + key++));
            converted.get(variant).add(customer);
            values.merge(variant, value, Double::sum);
            if (random.nextInt(4) == 0) {
                // Converting a second time adds its value but must not count the customer twice.
                double second = 1 + random.nextInt(40) / 4.0;
                outcomes.add(Map.of("customerId", customer, "value", second, "idempotencyKey", "k" + key++));
                values.merge(variant, second, Double::sum);
            }
            if (random.nextInt(10) == 0) {
                // A click is another outcome: it must not count as a conversion.
                outcomes.add(Map.of("customerId", customer, "outcome", "click", "idempotencyKey", "k" + key++));
            }
        }
        for (int from = 0; from < outcomes.size(); from += 1000) {
            List<Map<String, Object>> chunk = outcomes.subList(from, Math.min(outcomes.size(), from + 1000));
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/outcomes/batch", Map.of("outcomes", chunk));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            r.json().get("data").forEach(item -> assertThat(item.get("status").asText()).as(item.toString())
                    .isEqualTo("recorded"));
        }
        // A retried request (same idempotency key, same body) is answered from the first and counts nothing.
        Api.Response replay = editor.post("/api/v1/experiments/" + id + "/outcomes", outcomes.get(0));
        assertThat(replay.status()).as(replay.raw()).isEqualTo(200);

        Api.Response byDefault = viewer.get("/api/v1/experiments/" + id + "/results");
        assertThat(byDefault.status()).as(byDefault.raw()).isEqualTo(200);
        checkAll(byDefault.json(), id, champion, challengerA, challengerB, 0.95, 0.8, PROMOTE_THRESHOLD, null);

        Api.Response tuned = viewer.get("/api/v1/experiments/" + id
                + "/results?confidence=0.9&power=0.9&mde=0.03&baselineRate=0.07&outcome=conversion");
        assertThat(tuned.status()).as(tuned.raw()).isEqualTo(200);
        checkAll(tuned.json(), id, champion, challengerA, challengerB, 0.9, 0.9, 0.03, 0.07);
    }

    private void checkAll(JsonNode r, String id, String champion, String challengerA, String challengerB,
                          double confidence, double power, double mde, Double baselineQuery) {
        double alpha = 1 - confidence;
        assertThat(r.get("experimentId").asText()).isEqualTo(id);
        assertThat(r.get("source").asText()).isEqualTo("live");
        assertThat(r.get("phase").asInt()).isEqualTo(1);
        assertThat(r.get("currentPhase").asInt()).isEqualTo(1);
        assertThat(r.get("outcome").asText()).isEqualTo("conversion");
        assertThat(r.get("confidence").asDouble()).isEqualTo(confidence);

        // variants: holdout, champion, then the challengers in order; configured shares of ALL traffic.
        JsonNode variants = r.get("variants");
        assertThat(variants).hasSize(4);
        String[] order = {HOLDOUT, CHAMPION, "cha", "chb"};
        String[] modelIds = {null, champion, challengerA, challengerB};
        String[] modelKeys = {null, "champ", "cha", "chb"};
        double[] configuredPct = {10, 45, 22.5, 22.5};
        for (int i = 0; i < 4; i++) {
            JsonNode v = variants.get(i);
            String variant = order[i];
            long n = assigned.get(variant).size();
            long x = converted.get(variant).size();
            String where = variant + ": " + v;
            assertThat(v.get("variant").asText()).as(where).isEqualTo(variant);
            assertThat(text(v.get("modelId"))).as(where).isEqualTo(modelIds[i]);
            assertThat(text(v.get("modelKey"))).as(where).isEqualTo(modelKeys[i]);
            assertThat(v.get("configuredPct").asDouble()).as(where).isCloseTo(configuredPct[i], rel(configuredPct[i]));
            assertThat(v.get("samples").asLong()).as(where).isEqualTo(n);
            assertThat(v.get("conversions").asLong()).as(where).isEqualTo(x);
            assertThat(v.get("conversionRate").asDouble()).as(where).isCloseTo((double) x / n, rel((double) x / n));
            double[] wilson = IndependentStats.wilson(n, x, confidence);
            assertThat(v.get("ciLower").asDouble()).as(where + " ciLower").isCloseTo(wilson[0], rel(wilson[0]));
            assertThat(v.get("ciUpper").asDouble()).as(where + " ciUpper").isCloseTo(wilson[1], rel(wilson[1]));
            assertThat(v.get("value").asDouble()).as(where + " value").isEqualTo(values.get(variant));
        }

        // uplift: every model-served arm pooled against the holdout.
        long nH = assigned.get(HOLDOUT).size();
        long xH = converted.get(HOLDOUT).size();
        long nT = 0;
        long xT = 0;
        for (String v : List.of(CHAMPION, "cha", "chb")) {
            nT += assigned.get(v).size();
            xT += converted.get(v).size();
        }
        JsonNode uplift = r.get("uplift");
        double pT = (double) xT / nT;
        double pH = (double) xH / nH;
        double z = IndependentStats.pooledZ(nT, xT, nH, xH);
        double p = IndependentStats.twoSidedP(z);
        double[] ci = IndependentStats.scoreInterval(nT, xT, nH, xH, confidence);
        assertThat(uplift.get("treatmentSamples").asLong()).isEqualTo(nT);
        assertThat(uplift.get("holdoutSamples").asLong()).isEqualTo(nH);
        assertThat(uplift.get("treatmentConversionRate").asDouble()).isCloseTo(pT, rel(pT));
        assertThat(uplift.get("holdoutConversionRate").asDouble()).isCloseTo(pH, rel(pH));
        assertThat(uplift.get("uplift").asDouble()).isCloseTo(pT - pH, rel(pT - pH));
        assertThat(uplift.get("relativeUplift").asDouble()).isCloseTo((pT - pH) / pH, rel((pT - pH) / pH));
        assertThat(uplift.get("zScore").asDouble()).as("uplift z").isCloseTo(z, rel(z));
        assertThat(uplift.get("pValue").asDouble()).as("uplift p").isCloseTo(p, rel(p));
        assertThat(uplift.get("significant").asBoolean()).isEqualTo(p < alpha);
        assertThat(uplift.get("ciLower").asDouble()).as("uplift ciLower").isCloseTo(ci[0], rel(ci[0]));
        assertThat(uplift.get("ciUpper").asDouble()).as("uplift ciUpper").isCloseTo(ci[1], rel(ci[1]));
        assertThat(uplift.get("insufficientData").asBoolean()).isFalse();

        // comparisons: each challenger against the champion, Holm-adjusted over both.
        long nC = assigned.get(CHAMPION).size();
        long xC = converted.get(CHAMPION).size();
        double pC = (double) xC / nC;
        double baseline = baselineQuery != null ? baselineQuery : pC;
        List<String> challengers = List.of("cha", "chb");
        double[] raw = new double[2];
        for (int i = 0; i < 2; i++) {
            String v = challengers.get(i);
            raw[i] = IndependentStats.twoSidedP(IndependentStats.pooledZ(assigned.get(v).size(),
                    converted.get(v).size(), nC, xC));
        }
        double[] adjusted = IndependentStats.holm(raw);
        double[] levels = IndependentStats.holmLevels(raw, alpha);
        JsonNode comparisons = r.get("comparisons");
        assertThat(comparisons).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String v = challengers.get(i);
            JsonNode c = comparisons.get(i);
            String where = "comparison " + v + ": " + c;
            long n = assigned.get(v).size();
            long x = converted.get(v).size();
            double rate = (double) x / n;
            double zc = IndependentStats.pooledZ(n, x, nC, xC);
            // The interval is computed at the Holm level its significance flag uses.
            double[] interval = IndependentStats.scoreInterval(n, x, nC, xC, 1 - levels[i]);
            assertThat(c.get("ciLevel").asDouble()).as(where).isCloseTo(1 - levels[i], rel(1 - levels[i]));
            assertThat(c.get("treatment").asText()).isEqualTo(v);
            assertThat(c.get("treatmentModelId").asText()).isEqualTo(i == 0 ? challengerA : challengerB);
            assertThat(c.get("control").asText()).isEqualTo(CHAMPION);
            assertThat(c.get("treatmentSamples").asLong()).isEqualTo(n);
            assertThat(c.get("controlSamples").asLong()).isEqualTo(nC);
            assertThat(c.get("treatmentConversionRate").asDouble()).as(where).isCloseTo(rate, rel(rate));
            assertThat(c.get("controlConversionRate").asDouble()).as(where).isCloseTo(pC, rel(pC));
            assertThat(c.get("uplift").asDouble()).as(where).isCloseTo(rate - pC, rel(rate - pC));
            assertThat(c.get("relativeUplift").asDouble()).as(where)
                    .isCloseTo((rate - pC) / pC, rel((rate - pC) / pC));
            assertThat(c.get("zScore").asDouble()).as(where).isCloseTo(zc, rel(zc));
            assertThat(c.get("pValue").asDouble()).as(where).isCloseTo(raw[i], rel(raw[i]));
            assertThat(c.get("adjustedPValue").asDouble()).as(where).isCloseTo(adjusted[i], rel(adjusted[i]));
            assertThat(c.get("significant").asBoolean()).as(where).isEqualTo(adjusted[i] < alpha)
                    .isEqualTo(interval[0] > 0 || interval[1] < 0);
            assertThat(c.get("ciLower").asDouble()).as(where + " ciLower").isCloseTo(interval[0], rel(interval[0]));
            assertThat(c.get("ciUpper").asDouble()).as(where + " ciUpper").isCloseTo(interval[1], rel(interval[1]));
            assertThat(c.get("insufficientData").asBoolean()).as(where).isFalse();
            assertThat(c.get("probabilityToBeatControl").asDouble()).as(where + " probabilityToBeatControl")
                    .isCloseTo(IndependentStats.probabilityToBeat(n, x, nC, xC), within(1e-6));
            // allocation ratio = configured challenger share / champion share = 22.5 / 45
            long[] required = IndependentStats.fleiss(baseline, mde, alpha, power, 22.5 / 45);
            assertThat(c.get("requiredSampleSize").get("treatment").asLong()).as(where).isEqualTo(required[0]);
            assertThat(c.get("requiredSampleSize").get("control").asLong()).as(where).isEqualTo(required[1]);
            double progress = Math.min(1, Math.min((double) n / required[0], (double) nC / required[1]));
            assertThat(c.get("progress").asDouble()).as(where).isCloseTo(progress, rel(progress));
            // The mixture's scale is the experiment's promoteThreshold; Bonferroni over the two challengers.
            double sequential = IndependentStats.sequentialP(n, x, nC, xC, PROMOTE_THRESHOLD, 2);
            assertThat(c.get("sequentialPValue").asDouble()).as(where + " sequentialPValue")
                    .isCloseTo(sequential, rel(sequential));
        }
        assertThat(comparisons.get(1).get("significant").asBoolean())
                .as("the data were built so chb (14%) beats the champion (8%) clearly").isTrue();

        // srm: one configuration version, so a single goodness-of-fit test against 10/45/22.5/22.5.
        long[] observed = new long[4];
        for (int i = 0; i < 4; i++) {
            observed[i] = assigned.get(order[i]).size();
        }
        double[] chi = IndependentStats.chiSquare(observed, new double[] {0.10, 0.45, 0.225, 0.225});
        double srmP = IndependentStats.chiSquareP(chi[0], 3);
        JsonNode srm = r.get("srm");
        assertThat(srm.get("chiSquare").asDouble()).as(srm.toString()).isCloseTo(chi[0], rel(chi[0]));
        assertThat(srm.get("degreesOfFreedom").asInt()).isEqualTo(3);
        assertThat(srm.get("chiSquarePValue").asDouble()).as(srm.toString()).isCloseTo(srmP, rel(srmP));
        double logBf = IndependentStats.srmLogBayesFactor(observed, new double[] {0.10, 0.45, 0.225, 0.225},
                SRM_CONCENTRATION);
        double sequentialSrmP = Math.min(1, Math.exp(-logBf));
        assertThat(srm.get("pValue").asDouble()).as(srm.toString()).isCloseTo(sequentialSrmP, rel(sequentialSrmP));
        assertThat(srm.get("mismatch").asBoolean()).isEqualTo(sequentialSrmP < 0.001);

        JsonNode sampleSize = r.get("sampleSize");
        assertThat(sampleSize.get("baselineRate").asDouble()).isCloseTo(baseline, rel(baseline));
        assertThat(sampleSize.get("mde").asDouble()).isCloseTo(mde, rel(mde));
        assertThat(sampleSize.get("alpha").asDouble()).isCloseTo(alpha, rel(alpha));
        assertThat(sampleSize.get("power").asDouble()).isEqualTo(power);

        JsonNode promotion = r.get("promotion");
        assertThat(promotion.get("autoPromote").asBoolean()).isFalse();
        assertThat(promotion.has("promote")).isTrue();
        assertThat(promotion.get("verdicts")).hasSize(2);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Relative tolerance 1e-9 (absolute 1e-15 around zero). */
    private static Offset<Double> rel(double expected) {
        return within(Math.max(1e-15, Math.abs(expected) * 1e-9));
    }
}
