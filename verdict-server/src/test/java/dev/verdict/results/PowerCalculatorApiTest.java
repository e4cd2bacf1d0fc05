package dev.verdict.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/v1/experiments/power-calculator against golden values from an independent tool. The values were
 * produced with python3 + scipy 1.17 (Fleiss without continuity correction; for equal arms also cross-checked by
 * solving R's power.prop.test power equation, pnorm((sqrt(n)*|p1-p2| - qnorm(1-a/2)*sqrt((p1+p2)(q1+q2)/2)) /
 * sqrt(p1q1+p2q2)) = power, with scipy's brentq, which gave n = 8157.731 for p1 = 0.05, p2 = 0.06. R was not
 * installed here; to re-check with R itself:
 * {@code Rscript -e 'power.prop.test(p1=0.05,p2=0.06,sig.level=0.05,power=0.8)'}):
 * <pre>
 * from scipy.stats import norm; from math import sqrt, ceil
 * def fleiss(p1, d, alpha=0.05, power=0.8, split=0.5):
 *     p2 = p1 + d; k = split/(1-split); pbar = (p1 + k*p2)/(1+k)
 *     za = norm.isf(alpha/2); zb = norm.isf(1-power)
 *     nc = (za*sqrt(pbar*(1-pbar)*(1+1/k)) + zb*sqrt(p1*(1-p1) + p2*(1-p2)/k))**2/d**2
 *     return ceil(k*nc), ceil(nc)     # treatment, control
 * fleiss(0.05,0.01) → (8158, 8158)   [n = 8157.7314]      fleiss(0.05,0.02) → (2213, 2213)
 * fleiss(0.05,0.05) → (435, 435)      fleiss(0.05,0.10) → (141, 141)
 * fleiss(0.10,0.02) → (3841, 3841)    relative 1%,2%,5%,10% of 0.10: (1419073,…), (356335,…), (57763,…), (14751,…)
 * fleiss(0.05,d,split=0.3) for d = 0.01, 0.02, 0.05, 0.10 → (5746, 13407), (1540, 3592), (294, 686), (92, 215)
 * fleiss(0.20,0.05,alpha=0.1,power=0.9) → (1193, 1193)
 * </pre>
 */
@ApiTest
class PowerCalculatorApiTest extends ApiTestBase {

    private static final String PATH = "/api/v1/experiments/power-calculator";

    @Test
    void equalArmsMatchRsPowerPropTestAndTheSensitivityTableCoversFourEffects() {
        JsonNode a = ok(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01,
                "dailyTraffic", 1000));
        assertThat(a.get("perVariant").get("treatment").asLong()).isEqualTo(8158);
        assertThat(a.get("perVariant").get("control").asLong()).isEqualTo(8158);
        assertThat(a.get("requiredSampleSize").asLong()).isEqualTo(16316);
        assertThat(a.get("estimatedDuration").get("days").asLong()).as("ceil(16316 / 1000)").isEqualTo(17);
        assertThat(a.get("estimatedDuration").get("basedOnDailyTraffic").asDouble()).isEqualTo(1000.0);
        assertThat(a.get("recommendation").asText()).isNotBlank();
        JsonNode table = a.get("sensitivityTable");
        double[] effects = {0.01, 0.02, 0.05, 0.10};
        long[] totals = {2 * 8158, 2 * 2213, 2 * 435, 2 * 141};
        assertThat(table).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(table.get(i).get("effect").asDouble()).isEqualTo(effects[i]);
            assertThat(table.get(i).get("sampleSize").asLong()).as(table.get(i).toString()).isEqualTo(totals[i]);
            assertThat(table.get(i).get("days").asLong()).isEqualTo((totals[i] + 999) / 1000);
        }
    }

    @Test
    void significanceLevelAndPowerAreHonoured() {
        JsonNode a = ok(Map.of("baselineConversionRate", 0.20, "minimumDetectableEffect", 0.05,
                "significanceLevel", 0.1, "power", 0.9, "dailyTraffic", 100));
        assertThat(a.get("perVariant").get("treatment").asLong()).isEqualTo(1193);
        assertThat(a.get("requiredSampleSize").asLong()).isEqualTo(2386);
        assertThat(a.get("estimatedDuration").get("days").asLong()).isEqualTo(24);
    }

    @Test
    void aRelativeEffectIsAFractionOfTheBaselineAndSoIsTheSensitivityTable() {
        JsonNode a = ok(Map.of("baselineConversionRate", 0.10, "minimumDetectableEffect", 0.2,
                "mdeType", "relative", "dailyTraffic", 500));
        assertThat(a.get("perVariant").get("treatment").asLong()).as("0.10 → 0.12").isEqualTo(3841);
        assertThat(a.get("perVariant").get("control").asLong()).isEqualTo(3841);
        long[] totals = {2 * 1419073L, 2 * 356335L, 2 * 57763L, 2 * 14751L};
        JsonNode table = a.get("sensitivityTable");
        for (int i = 0; i < 4; i++) {
            assertThat(table.get(i).get("sampleSize").asLong()).as(table.get(i).toString()).isEqualTo(totals[i]);
            assertThat(table.get(i).get("days").asLong()).isEqualTo((totals[i] + 499) / 500);
        }
    }

    @Test
    void anUnequalSplitGivesTheTreatmentItsShare() {
        JsonNode a = ok(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01,
                "trafficSplit", 0.3, "dailyTraffic", 2500));
        assertThat(a.get("perVariant").get("treatment").asLong()).isEqualTo(5746);
        assertThat(a.get("perVariant").get("control").asLong()).isEqualTo(13407);
        assertThat(a.get("requiredSampleSize").asLong()).isEqualTo(5746 + 13407);
        assertThat(a.get("estimatedDuration").get("days").asLong()).isEqualTo((5746 + 13407 + 2499) / 2500);
        long[] totals = {5746 + 13407, 1540 + 3592, 294 + 686, 92 + 215};
        JsonNode table = a.get("sensitivityTable");
        for (int i = 0; i < 4; i++) {
            assertThat(table.get(i).get("sampleSize").asLong()).as(table.get(i).toString()).isEqualTo(totals[i]);
        }
    }

    @Test
    void withoutDailyTrafficTheDurationComesFromTheTenantsLastFourteenDaysOrIsUnknown() {
        JsonNode none = ok(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01));
        assertThat(none.get("estimatedDuration").get("days").isNull()).as(none.toString()).isTrue();
        assertThat(none.get("estimatedDuration").get("basedOnDailyTraffic").asDouble()).isEqualTo(0.0);
        assertThat(none.get("sensitivityTable").get(0).get("days").isNull()).isTrue();
        assertThat(none.get("recommendation").asText()).isNotBlank();

        String champion = createModel(editor, "champ");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "traffic", "name", "Traffic",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 100)));
        String id = created.json().get("id").asText();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            ids.add("c" + i);
        }
        assertThat(editor.post("/api/v1/experiments/" + id + "/assignments/batch", Map.of("customerIds", ids))
                .status()).isEqualTo(200);
        // 700 new assignments in the last 14 days = 50 a day; 16316 customers → 327 days.
        JsonNode a = ok(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01));
        assertThat(a.get("estimatedDuration").get("basedOnDailyTraffic").asDouble()).isEqualTo(50.0);
        assertThat(a.get("estimatedDuration").get("days").asLong()).isEqualTo(327);
    }

    @Test
    void anExperimentsDurationComesFromItsOwnArmsArrivalRates() {
        // Other traffic of the tenant must not count: a busy second experiment.
        String other = createModel(editor, "busy");
        String busy = editor.post("/api/v1/experiments", Map.of("key", "busy", "name", "Busy", "status", "active",
                "championModelId", other, "trafficSplit", Map.of("championPct", 100))).json().get("id").asText();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add("b" + i);
        }
        assertThat(editor.post("/api/v1/experiments/" + busy + "/assignments/batch", Map.of("customerIds", many))
                .status()).isEqualTo(200);

        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "planned", "name", "Planned",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 80),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 20))));
        String id = created.json().get("id").asText();
        dev.verdict.core.BucketLayout layout = new dev.verdict.core.BucketLayout(
                java.math.BigDecimal.ZERO, java.math.BigDecimal.valueOf(80),
                List.of(new dev.verdict.core.Arm("chall", java.math.BigDecimal.valueOf(20))));
        // 1,400 champion and 280 challenger customers today: 100 and 20 a day over 14 days.
        List<String> ids = new ArrayList<>();
        int champions = 0;
        int challengers = 0;
        for (int i = 0; champions < 1400 || challengers < 280; i++) {
            String c = "p" + i;
            boolean toChampion = layout.variantOf(dev.verdict.core.BucketHash.bucket("planned", c))
                    .equals("__champion__");
            if (toChampion && champions < 1400) {
                champions++;
                ids.add(c);
            } else if (!toChampion && challengers < 280) {
                challengers++;
                ids.add(c);
            }
        }
        for (int from = 0; from < ids.size(); from += 1000) {
            assertThat(editor.post("/api/v1/experiments/" + id + "/assignments/batch", Map.of("customerIds",
                    ids.subList(from, Math.min(ids.size(), from + 1000)))).status()).isEqualTo(200);
        }
        // fleiss(0.05, 0.02, split=20/120) → (1269, 6343); days max(ceil(1269/20), ceil(6343/100)) = 64.
        JsonNode a = ok(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.02,
                "experimentId", id));
        assertThat(a.get("perVariant").get("treatment").asLong()).isEqualTo(1269);
        assertThat(a.get("perVariant").get("control").asLong()).isEqualTo(6343);
        assertThat(a.get("estimatedDuration").get("basedOnDailyTraffic").asDouble()).isEqualTo(120.0);
        assertThat(a.get("estimatedDuration").get("days").asLong()).isEqualTo(64);

        Api.Response unknown = editor.post(PATH, Map.of("baselineConversionRate", 0.05,
                "minimumDetectableEffect", 0.02, "experimentId", "exp_missing"));
        assertThat(unknown.status()).isEqualTo(404);
        Api.Response notAChallenger = editor.post(PATH, Map.of("baselineConversionRate", 0.05,
                "minimumDetectableEffect", 0.02, "experimentId", id, "challenger", "__champion__"));
        assertThat(notAChallenger.status()).as(notAChallenger.raw()).isEqualTo(400);
        assertThat(otherTenantPlans(id).status()).isEqualTo(404);
    }

    private Api.Response otherTenantPlans(String id) {
        return new Api(port, otherTenant().admin()).post(PATH, Map.of("baselineConversionRate", 0.05,
                "minimumDetectableEffect", 0.02, "experimentId", id));
    }

    @Test
    void impossibleOrInvalidInputsAreRejectedWithAReason() {
        List<Object> bodies = new ArrayList<>();
        bodies.add(Map.of("minimumDetectableEffect", 0.01));
        bodies.add(Map.of("baselineConversionRate", 0.05));
        bodies.add(Map.of("baselineConversionRate", 0.9995, "minimumDetectableEffect", 0.0001));
        bodies.add(Map.of("baselineConversionRate", 0.0005, "minimumDetectableEffect", 0.01));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", -0.01));
        bodies.add(Map.of("baselineConversionRate", 0.95, "minimumDetectableEffect", 0.1));
        bodies.add(Map.of("baselineConversionRate", 0.5, "minimumDetectableEffect", 1.5, "mdeType", "relative"));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "mdeType", "percent"));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "significanceLevel", 0.5));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "significanceLevel", 0.005));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "power", 0.995));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "power", 0.4));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "trafficSplit", 0.95));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "trafficSplit", 0.05));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "dailyTraffic", 0));
        bodies.add(Map.of("baselineConversionRate", "high", "minimumDetectableEffect", 0.01));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", List.of(0.01)));
        bodies.add(Map.of("baselineConversionRate", 0.05, "minimumDetectableEffect", 0.01, "power", true));
        bodies.add("{\"baselineConversionRate\": 0.05,");
        bodies.add("[]");
        for (Object body : bodies) {
            Api.Response r = viewer.post(PATH, body);
            assertThat(r.status()).as(body + " → " + r.raw()).isEqualTo(400);
            assertThat(r.json().path("error").path("status").asInt()).as(body + " → " + r.raw()).isEqualTo(400);
            assertThat(r.json().path("error").path("message").asText()).as(body.toString()).isNotBlank();
        }
        Api.Response impossible = viewer.post(PATH, Map.of("baselineConversionRate", 0.95,
                "minimumDetectableEffect", 0.1));
        assertThat(impossible.json().path("error").path("message").asText()).as(impossible.raw())
                .contains("outside (0, 1)");
    }

    @Test
    void everyRoleMayUseTheCalculatorButAnonymousMayNot() {
        Map<String, Object> body = new HashMap<>(Map.of("baselineConversionRate", 0.05,
                "minimumDetectableEffect", 0.02, "dailyTraffic", 100));
        for (Api api : List.of(admin, editor, viewer)) {
            Api.Response r = api.post(PATH, body);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.json().get("perVariant").get("treatment").asLong()).isEqualTo(2213);
        }
        assertThat(anonymous.post(PATH, body).status()).isEqualTo(401);
    }

    private JsonNode ok(Map<String, Object> body) {
        Api.Response r = viewer.post(PATH, body);
        assertThat(r.status()).as(body + " → " + r.raw()).isEqualTo(200);
        return r.json();
    }
}
