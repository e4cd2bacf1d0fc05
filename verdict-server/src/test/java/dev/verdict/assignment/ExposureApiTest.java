package dev.verdict.assignment;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@ApiTest
class ExposureApiTest extends ApiTestBase {

    private static final BucketLayout LAYOUT = new BucketLayout(BigDecimal.TEN, BigDecimal.valueOf(60),
            List.of(new Arm("exp-challenger", BigDecimal.valueOf(40))));

    private String experiment;
    private int version;

    @BeforeEach
    void experiment() {
        String champion = createModel(admin, "exp-champion");
        String challenger = createModel(admin, "exp-challenger");
        experiment = anExperiment("exposure-exp").champion(champion, 60).challenger(challenger, 40).holdout(10)
                .active().create(admin);
        version = admin.get("/api/v1/sdk/config").json().at("/experiments/0/configVersion").asInt();
    }

    private static String variantOf(String customer) {
        return LAYOUT.variantOf(BucketHash.bucket("exposure-exp", customer));
    }

    private Map<String, Object> exposure(String customer, String variant) {
        return Map.of("customerId", customer, "variant", variant, "configVersion", version,
                "assignedAt", clock.instant().toString());
    }

    private JsonNode report(Api api, List<Map<String, Object>> items) {
        Api.Response r = api.post("/api/v1/experiments/" + experiment + "/exposures", Map.of("exposures", items));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("data");
    }

    @Test
    void resultsCountReportedExposuresExactlyAsAssignmentsThroughTheApi() {
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            String customer = "API-" + i;
            JsonNode a = admin.post("/api/v1/experiments/" + experiment + "/assignments",
                    Map.of("customerId", customer)).json();
            expected.merge(a.get("variant").asText(), 1L, Long::sum);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String customer = "SDK-" + i;
            items.add(exposure(customer, variantOf(customer)));
            expected.merge(variantOf(customer), 1L, Long::sum);
        }
        JsonNode results = report(editor, items);
        results.forEach(r -> assertThat(r.get("status").asText()).as("%s", r).isEqualTo("recorded"));

        JsonNode doc = admin.get("/api/v1/experiments/" + experiment + "/results").json();
        Map<String, Long> counted = new HashMap<>();
        doc.get("variants").forEach(v -> counted.put(v.get("variant").asText(), v.get("samples").asLong()));
        expected.forEach((variant, n) -> assertThat(counted.get(variant)).as(variant).isEqualTo(n));
        assertThat(admin.get("/api/v1/experiments/" + experiment + "/assignments/SDK-7").json().get("variant")
                .asText()).isEqualTo(variantOf("SDK-7"));
    }

    @Test
    void firstWriteWinsRepeatsAreDuplicatesAndADisagreementIsACrossoverNeverStored() {
        String customer = "CUST-1";
        String variant = variantOf(customer);
        assertThat(report(editor, List.of(exposure(customer, variant))).at("/0/status").asText()).isEqualTo("recorded");
        assertThat(report(editor, List.of(exposure(customer, variant))).at("/0/status").asText())
                .isEqualTo("duplicate");

        // The customer's stored assignment came from another version where it had another variant.
        String moved = null;
        for (int i = 0; moved == null; i++) {
            String c = "MOVED-" + i;
            if (!variantOf(c).equals(BucketLayout.HOLDOUT)) {
                moved = c;
            }
        }
        JsonNode stored = admin.post("/api/v1/experiments/" + experiment + "/assignments",
                Map.of("customerId", moved)).json();
        jdbc.sql("UPDATE assignments SET variant = ?, unit_variant = ? WHERE experiment_id = ? AND customer_id = ?")
                .params(BucketLayout.HOLDOUT, BucketLayout.HOLDOUT, experiment, moved).update();
        // Move the unit in the counters too: one fewer in its variant, one more holdout unit (in a slot of its own,
        // so it cannot collide with a holdout row the service striped on a random slot).
        String storedVariant = stored.get("variant").asText();
        assertThat(jdbc.sql("UPDATE assignment_counts SET customers = customers - 1 WHERE experiment_id = ? "
                        + "AND variant = ? AND customers > 0 AND slot = (SELECT MIN(slot) FROM assignment_counts "
                        + "WHERE experiment_id = ? AND variant = ? AND customers > 0)")
                .params(experiment, storedVariant, experiment, storedVariant).update()).isEqualTo(1);
        jdbc.sql("INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, variant, count_day, "
                        + "slot, customers, crossovers) SELECT tenant_id, experiment_id, phase, config_version, ?, "
                        + "count_day, 999, 1, 0 FROM assignment_counts WHERE experiment_id = ? AND variant = ? "
                        + "FETCH FIRST 1 ROWS ONLY")
                .params(BucketLayout.HOLDOUT, experiment, storedVariant).update();
        // (the service caches recent assignments; the crossover is decided on the stored row)
        JsonNode r = report(editor, List.of(exposure(moved, variantOf(moved)))).get(0);
        assertThat(r.get("status").asText()).isEqualTo("crossover");
        assertThat(r.get("storedVariant").asText()).isEqualTo(BucketLayout.HOLDOUT);
        assertThat(report(editor, List.of(exposure(moved, variantOf(moved)))).at("/0/status").asText())
                .as("a crossover counts once").isEqualTo("crossover");
        assertThat(jdbc.sql("SELECT variant FROM assignments WHERE experiment_id = ? AND customer_id = ?")
                .params(experiment, moved).query(String.class).single()).isEqualTo(BucketLayout.HOLDOUT);
        long crossovers = jdbc.sql("SELECT COALESCE(SUM(crossovers), 0) FROM assignment_counts WHERE experiment_id = ?"
                + " AND variant = ?").params(experiment, BucketLayout.HOLDOUT).query(Long.class).single();
        assertThat(crossovers).isEqualTo(1);
    }

    @Test
    void refusesPerItemWhatTheLayoutCouldNotProduceAndStoresTheRest() {
        String good = "GOOD-1";
        String bad = "BAD-1";
        String wrong = variantOf(bad).equals(BucketLayout.CHAMPION) ? "exp-challenger" : BucketLayout.CHAMPION;
        JsonNode results = report(editor, List.of(exposure(good, variantOf(good)), exposure(bad, wrong),
                Map.of("customerId", "X", "variant", BucketLayout.CHAMPION, "configVersion", 99,
                        "assignedAt", clock.instant().toString()),
                Map.of("customerId", "Y", "variant", variantOf("Y"), "configVersion", version,
                        "assignedAt", clock.instant().plusSeconds(3600).toString())));
        assertThat(results.at("/0/status").asText()).isEqualTo("recorded");
        assertThat(results.at("/1/status").asText()).isEqualTo("error");
        assertThat(results.at("/1/error/code").asText()).isEqualTo("VARIANT_MISMATCH");
        assertThat(results.at("/2/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(results.at("/3/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(admin.get("/api/v1/experiments/" + experiment + "/assignments/" + bad).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/experiments/" + experiment + "/assignments/Y").status()).isEqualTo(404);
    }

    @Test
    void viewersMayNotReportAndAnotherTenantGets404() {
        Api.Response r = viewer.post("/api/v1/experiments/" + experiment + "/exposures",
                Map.of("exposures", List.of(exposure("V", variantOf("V")))));
        assertThat(r.status()).isEqualTo(403);
        Api other = new Api(port, otherTenant().admin());
        assertThat(other.post("/api/v1/experiments/" + experiment + "/exposures",
                Map.of("exposures", List.of(exposure("V", variantOf("V"))))).status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/experiments/" + experiment + "/exposures", Map.of("exposures", List.of()))
                .status()).isEqualTo(400);
    }
}
