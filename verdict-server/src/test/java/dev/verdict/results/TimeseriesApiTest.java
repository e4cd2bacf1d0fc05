package dev.verdict.results;

import static dev.verdict.support.Envelope.assertError;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /results/timeseries} over real HTTP on PostgreSQL: three days of traffic with a split change on the
 * second, every number checked against what the test itself assigned and converted on each day.
 */
@ApiTest
class TimeseriesApiTest extends ApiTestBase {

    private static final String CHAMPION = BucketLayout.CHAMPION;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private String key;
    private String id;
    private String challengerKey;
    private String challengerModel;
    private BucketLayout layout;
    private int next;

    @Test
    void countsUpliftAndVersionMarkersFollowEachDaysTraffic() {
        setup(50, 50);
        LocalDate day0 = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // Day 0: 200 + 200 units, 20 and 30 of them convert.
        List<String> c0 = assignIn(CHAMPION, 200);
        List<String> t0 = assignIn(challengerKey, 200);
        convert(c0.subList(0, 20));
        convert(t0.subList(0, 30));
        clock.advance(Duration.ofDays(1));
        // Day 1: the split becomes 80/20 (version 2); 160 + 40 new units; 10 day-0 champions convert late.
        changeSplit(80, 20);
        List<String> c1 = assignIn(CHAMPION, 160);
        List<String> t1 = assignIn(challengerKey, 40);
        convert(c0.subList(20, 30));
        convert(c1.subList(0, 32));
        convert(t1.subList(0, 12));
        clock.advance(Duration.ofDays(1));
        // Day 2: nothing new assigned; 4 more challenger conversions from day 1's units.
        convert(t1.subList(12, 16));

        JsonNode ts = ok(viewer.get("/api/v1/experiments/" + id + "/results/timeseries"));
        assertThat(ts.get("phase").asInt()).isEqualTo(1);
        assertThat(ts.get("outcome").asText()).isEqualTo("conversion");
        assertThat(texts(ts.get("days"))).containsExactly(day0.toString(), day0.plusDays(1).toString(),
                day0.plusDays(2).toString());

        JsonNode champion = series(ts.get("arms"), CHAMPION);
        assertArm(champion, 0, 200, 200, 20);
        assertArm(champion, 1, 160, 360, 20 + 10 + 32);
        assertArm(champion, 2, 0, 360, 62);
        JsonNode challenger = series(ts.get("arms"), challengerKey);
        assertArm(challenger, 0, 200, 200, 30);
        assertArm(challenger, 1, 40, 240, 42);
        assertArm(challenger, 2, 0, 240, 46);
        assertThat(champion.get("points").get(1).get("cumulativeRate").asDouble()).isCloseTo(62.0 / 360, within(1e-15));

        // Strata as this test counted them: version 1 (day 0) and version 2 (day 1 on).
        JsonNode comparison = ts.get("comparisons").get(0);
        assertThat(comparison.get("treatment").asText()).isEqualTo(challengerKey);
        assertThat(comparison.get("control").asText()).isEqualTo(CHAMPION);
        JsonNode d0 = comparison.get("points").get(0);
        assertThat(d0.get("uplift").asDouble()).isCloseTo(30.0 / 200 - 20.0 / 200, within(1e-12));
        assertThat(d0.get("treatmentUnits").asLong()).isEqualTo(200);
        assertThat(d0.get("ciLower").asDouble()).isLessThan(d0.get("uplift").asDouble());
        assertThat(d0.get("ciUpper").asDouble()).isGreaterThan(d0.get("uplift").asDouble());
        double expected = cmh(new long[][] {{200, 30, 200, 30}, {40, 16, 160, 32}});
        JsonNode d2 = comparison.get("points").get(2);
        assertThat(d2.get("uplift").asDouble()).as(d2.toString()).isCloseTo(expected, within(1e-12));

        // The last day is the whole phase: the same interval as /results (one challenger: Holm level = nominal).
        JsonNode results = ok(viewer.get("/api/v1/experiments/" + id + "/results")).get("comparisons").get(0);
        assertThat(d2.get("uplift").asDouble()).isCloseTo(results.get("uplift").asDouble(), within(1e-12));
        assertThat(d2.get("ciLower").asDouble()).isCloseTo(results.get("ciLower").asDouble(), within(1e-12));
        assertThat(d2.get("ciUpper").asDouble()).isCloseTo(results.get("ciUpper").asDouble(), within(1e-12));

        JsonNode markers = ts.get("versionMarkers");
        assertThat(markers).hasSize(2);
        assertThat(markers.get(0).get("configVersion").asInt()).isEqualTo(1);
        assertThat(markers.get(0).get("day").asText()).isEqualTo(day0.toString());
        assertThat(markers.get(1).get("configVersion").asInt()).isEqualTo(2);
        assertThat(markers.get(1).get("day").asText()).isEqualTo(day0.plusDays(1).toString());
    }

    @Test
    void theAlwaysValidIntervalOnlyNarrowsFromDayToDay() {
        setup(50, 50);
        for (int day = 0; day < 3; day++) {
            convert(assignIn(CHAMPION, 300).subList(0, 30));
            convert(assignIn(challengerKey, 300).subList(0, 45 + 15 * day));
            clock.advance(Duration.ofDays(1));
        }
        JsonNode points = ok(viewer.get("/api/v1/experiments/" + id + "/results/timeseries"))
                .get("comparisons").get(0).get("points");
        Double lower = null;
        Double upper = null;
        Double p = null;
        for (JsonNode point : points) {
            if (point.get("alwaysValidLower").isNull()) {
                continue;
            }
            double l = point.get("alwaysValidLower").asDouble();
            double u = point.get("alwaysValidUpper").asDouble();
            double pv = point.get("sequentialPValue").asDouble();
            if (lower != null) {
                assertThat(l).as(points.toString()).isGreaterThanOrEqualTo(lower);
                assertThat(u).as(points.toString()).isLessThanOrEqualTo(upper);
                assertThat(pv).as(points.toString()).isLessThanOrEqualTo(p);
            }
            lower = l;
            upper = u;
            p = pv;
        }
        assertThat(lower).as("the sequential test became ready: %s", points).isNotNull();
    }

    @Test
    void anotherTenantsExperimentIs404AndABadPhaseIs400() {
        setup(50, 50);
        Api other = new Api(port, otherTenant().admin());
        assertError(other.get("/api/v1/experiments/" + id + "/results/timeseries"), 404, "NOT_FOUND");
        assertError(viewer.get("/api/v1/experiments/" + id + "/results/timeseries?phase=2"), 400,
                "VALIDATION_FAILED");
        assertError(viewer.get("/api/v1/experiments/" + id + "/results/timeseries?outcome=Bad!"), 400,
                "VALIDATION_FAILED");
        assertError(anonymous.get("/api/v1/experiments/" + id + "/results/timeseries"), 401, "UNAUTHORIZED");
    }

    @Test
    void theEndpointIsInTheOpenApiDocument() {
        JsonNode doc = ok(anonymous.get("/v3/api-docs"));
        assertThat(doc.get("paths").has("/api/v1/experiments/{experimentId}/results/timeseries")).isTrue();
    }

    private static double cmh(long[][] strata) {
        double num = 0;
        double den = 0;
        for (long[] s : strata) {
            double w = (double) s[0] * s[2] / (s[0] + s[2]);
            num += w * ((double) s[1] / s[0] - (double) s[3] / s[2]);
            den += w;
        }
        return num / den;
    }

    private static void assertArm(JsonNode arm, int day, long fresh, long units, long conversions) {
        JsonNode p = arm.get("points").get(day);
        assertThat(p.get("newUnits").asLong()).as("new units on day %d of %s", day, arm).isEqualTo(fresh);
        assertThat(p.get("cumulativeUnits").asLong()).as("units through day %d of %s", day, arm).isEqualTo(units);
        assertThat(p.get("cumulativeConversions").asLong()).as("conversions through day %d of %s", day, arm)
                .isEqualTo(conversions);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode series(JsonNode arms, String variant) {
        for (JsonNode a : arms) {
            if (a.get("variant").asText().equals(variant)) {
                return a;
            }
        }
        throw new AssertionError("no arm " + variant + " in " + arms);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json();
    }

    private void setup(int championPct, int challengerPct) {
        int n = SEQ.incrementAndGet();
        key = "ts-" + n;
        challengerKey = "ts-chall-" + n;
        String champion = createModel(editor, "ts-champ-" + n);
        challengerModel = createModel(editor, challengerKey);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("name", "Timeseries " + n);
        body.put("status", "active");
        body.put("championModelId", champion);
        body.put("trafficSplit", Map.of("championPct", championPct));
        body.put("challengers", List.of(Map.of("modelId", challengerModel, "trafficPct", challengerPct)));
        body.put("holdoutPercent", 0);
        Api.Response r = editor.post("/api/v1/experiments", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        id = r.json().get("id").asText();
        layout = layout(championPct, challengerPct);
    }

    private BucketLayout layout(int championPct, int challengerPct) {
        return new BucketLayout(BigDecimal.ZERO, BigDecimal.valueOf(championPct),
                List.of(new Arm(challengerKey, BigDecimal.valueOf(challengerPct))));
    }

    private void changeSplit(int championPct, int challengerPct) {
        Api.Response r = editor.put("/api/v1/experiments/" + id, Map.of("trafficSplit",
                Map.of("championPct", championPct), "challengers",
                List.of(Map.of("modelId", challengerModel, "trafficPct", challengerPct))));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        layout = layout(championPct, challengerPct);
    }

    private List<String> assignIn(String variant, int count) {
        List<String> picked = new ArrayList<>();
        while (picked.size() < count) {
            String customer = "c" + next++;
            if (layout.variantOf(BucketHash.bucket(key, customer)).equals(variant)) {
                picked.add(customer);
            }
        }
        Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", picked));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return picked;
    }

    private void convert(List<String> customers) {
        if (customers.isEmpty()) {
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (String c : customers) {
            items.add(Map.of("customerId", c, "idempotencyKey", "k-" + SEQ.incrementAndGet() + "-" + c));
        }
        Api.Response r = editor.post("/api/v1/experiments/" + id + "/outcomes/batch", Map.of("outcomes", items));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
}
