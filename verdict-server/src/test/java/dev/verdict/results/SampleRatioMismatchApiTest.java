package dev.verdict.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@ApiTest
class SampleRatioMismatchApiTest extends ApiTestBase {

    private static final String CHAMPION = "__champion__";

    @Test
    void aLegitimateSplitChangeMidExperimentRaisesNoAlarmBecauseEachVersionIsCheckedAgainstItsOwnSplit() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String id = experiment(champion, challenger, "srm-change");

        Map<String, Long> before = assign(id, 0, 2000);
        Api.Response changed = editor.put("/api/v1/experiments/" + id, Map.of(
                "trafficSplit", Map.of("championPct", 90),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 10))));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        Map<String, Long> after = assign(id, 2000, 4000);
        assertThat(after.getOrDefault(CHAMPION, 0L)).as("the new split serves the champion 90%%: %s", after)
                .isGreaterThan(1700);

        double[] first = IndependentStats.chiSquare(new long[] {before.get(CHAMPION), before.get("chall")},
                new double[] {0.5, 0.5});
        double[] second = IndependentStats.chiSquare(new long[] {after.get(CHAMPION), after.get("chall")},
                new double[] {0.9, 0.1});
        double chi = first[0] + second[0];
        double p = IndependentStats.chiSquareP(chi, 2);
        // The check that ignores the change would alarm: all assignments against the final 90/10 split.
        double[] naive = IndependentStats.chiSquare(new long[] {before.get(CHAMPION) + after.get(CHAMPION),
                before.get("chall") + after.get("chall")}, new double[] {0.9, 0.1});
        assertThat(IndependentStats.chiSquareP(naive[0], 1)).as("the test data must trip a naive check")
                .isLessThan(1e-6);

        JsonNode srm = viewer.get("/api/v1/experiments/" + id + "/results").json().get("srm");
        assertThat(srm.get("mismatch").asBoolean()).as(srm.toString()).isFalse();
        assertThat(srm.get("degreesOfFreedom").asInt()).as(srm.toString()).isEqualTo(2);
        assertThat(srm.get("chiSquare").asDouble()).as(srm.toString()).isCloseTo(chi, within(chi * 1e-9));
        assertThat(srm.get("chiSquarePValue").asDouble()).as(srm.toString()).isCloseTo(p, within(p * 1e-9));
    }

    @Test
    void skewedAssignmentsRaiseTheAlarm() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String id = experiment(champion, challenger, "srm-skew");
        Map<String, Long> counts = assign(id, 0, 1000);
        JsonNode clean = viewer.get("/api/v1/experiments/" + id + "/results").json().get("srm");
        assertThat(clean.get("mismatch").asBoolean()).as(clean.toString()).isFalse();

        // The API buckets by hash and records every split change as a new configuration version, so it cannot
        // produce skewed assignments on purpose. A bug in the assignment path (or a client dropping one arm's
        // traffic) would; simulate it by adding 300 champion assignments to the counters of the current phase
        // and configuration version directly (a slot number the service never uses).
        int version = jdbc.sql("SELECT config_version FROM experiments WHERE tenant_id = ? AND id = ?")
                .params(tenant.id(), id).query(Integer.class).single();
        jdbc.sql("INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, variant, count_day, "
                + "slot, customers, crossovers) VALUES (?, ?, 1, ?, ?, CURRENT_DATE, 999, 300, 0)")
                .params(tenant.id(), id, version, CHAMPION).update();

        long nC = counts.get(CHAMPION) + 300;
        long nT = counts.get("chall");
        double[] chi = IndependentStats.chiSquare(new long[] {nC, nT}, new double[] {0.5, 0.5});
        double p = IndependentStats.chiSquareP(chi[0], 1);
        assertThat(p).as("the injected skew must be significant at 0.001").isLessThan(0.001);

        Api.Response results = viewer.get("/api/v1/experiments/" + id + "/results");
        JsonNode srm = results.json().get("srm");
        assertThat(srm.get("mismatch").asBoolean()).as(srm.toString()).isTrue();
        assertThat(srm.get("degreesOfFreedom").asInt()).isEqualTo(1);
        assertThat(srm.get("chiSquare").asDouble()).isCloseTo(chi[0], within(chi[0] * 1e-9));
        assertThat(srm.get("chiSquarePValue").asDouble()).isCloseTo(p, within(p * 1e-9));
        assertThat(srm.get("pValue").asDouble()).as("the sequential test flags it too").isLessThan(0.001);
        assertThat(results.json().get("variants").get(0).get("samples").asLong()).isEqualTo(nC);

        // The alarm is published once for the episode (the phase), however often anyone looks again.
        viewer.get("/api/v1/experiments/" + id + "/results");
        List<String> alarms = jdbc.sql("SELECT payload FROM events WHERE tenant_id = ? AND subject = ? "
                + "AND type = 'experiment.srm_detected'").params(tenant.id(), id).query(String.class).list();
        assertThat(alarms).as("experiment.srm_detected events").hasSize(1);
        JsonNode alarm = Api.json().readTree(alarms.get(0)).get("data");
        assertThat(alarm.get("phase").asInt()).isEqualTo(1);
        assertThat(alarm.get("srm").get("mismatch").asBoolean()).isTrue();
        assertThat(alarm.get("experiment").get("id").asText()).isEqualTo(id);
    }

    private String experiment(String champion, String challenger, String key) {
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", key, "name", key,
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** Assigns customers c{from}..c{to-1} in batches; counts the new assignments per variant from the answers. */
    private Map<String, Long> assign(String id, int from, int to) {
        Map<String, Long> counts = new HashMap<>();
        for (int start = from; start < to; start += 1000) {
            List<String> ids = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + 1000); i++) {
                ids.add("c" + i);
            }
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch", Map.of("customerIds", ids));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            for (JsonNode a : r.json().get("data")) {
                assertThat(a.get("new").asBoolean()).isTrue();
                counts.merge(a.get("variant").asText(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
