package dev.verdict.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What one promotion changes: the split, the phase, stickiness, results per phase and the promotion record. */
@ApiTest
class PromotionEffectsApiTest extends ApiTestBase {

    @Test
    void promotionMovesTheWinnersShareToTheChampionAndKeepsTheOtherChallengers() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "a");
        String b = createModel(editor, "b");
        String c = createModel(editor, "c");
        String id = experiment(champion, "40", List.of(challenger(a, "20"), challenger(b, "25.5"),
                challenger(c, "14.5")));

        Api.Response promoted = editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", b));
        assertThat(promoted.status()).as(promoted.raw()).isEqualTo(201);

        JsonNode after = viewer.get("/api/v1/experiments/" + id).json();
        assertThat(after.get("championModelId").asText()).isEqualTo(b);
        assertThat(after.get("championModel").get("key").asText()).isEqualTo("b");
        assertThat(after.get("trafficSplit").get("championPct").decimalValue()).isEqualByComparingTo("65.5");
        assertThat(after.get("challengers")).hasSize(2);
        assertThat(after.get("challengers").get(0).get("modelId").asText()).isEqualTo(a);
        assertThat(after.get("challengers").get(0).get("trafficPct").decimalValue()).isEqualByComparingTo("20");
        assertThat(after.get("challengers").get(1).get("modelId").asText()).isEqualTo(c);
        assertThat(after.get("challengers").get(1).get("trafficPct").decimalValue()).isEqualByComparingTo("14.5");
        BigDecimal total = after.get("trafficSplit").get("championPct").decimalValue();
        for (JsonNode ch : after.get("challengers")) {
            total = total.add(ch.get("trafficPct").decimalValue());
        }
        assertThat(total).as("champion + challengers after the promotion").isEqualByComparingTo("100");
        assertThat(after.get("phase").asInt()).isEqualTo(2);
    }

    @Test
    void newPhaseStartsAtThePromotionInstantOfTheAppsClock() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String id = experiment(champion, "50", List.of(challenger(challenger, "50")));
        clock.advance(Duration.ofDays(3));
        Instant before = clock.instant().minusMillis(1);

        JsonNode record = editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", challenger)).json();

        Instant after = clock.instant().plusMillis(1);
        JsonNode experiment = viewer.get("/api/v1/experiments/" + id).json();
        Instant phaseStartedAt = Instant.parse(experiment.get("phaseStartedAt").asText());
        assertThat(phaseStartedAt).isBetween(before, after);
        assertThat(phaseStartedAt).isEqualTo(Instant.parse(record.get("promotedAt").asText()));
        assertThat(Instant.parse(experiment.get("startedAt").asText())).as("the experiment's own start stays")
                .isBefore(before.minus(Duration.ofDays(2)));
    }

    @Test
    void assignmentsOfTheEndedPhaseStopBeingStickyAndAreMadeAfreshInTheNewPhase() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String id = experiment(champion, "50", List.of(challenger(challenger, "50")));
        String path = "/api/v1/experiments/" + id + "/assignments";
        Api.Response first = editor.post(path, Map.of("customerId", "C1"));
        assertThat(first.json().get("new").asBoolean()).isTrue();
        assertThat(first.json().get("phase").asInt()).isEqualTo(1);
        assertThat(editor.post(path, Map.of("customerId", "C1")).json().get("new").asBoolean())
                .as("sticky within phase 1").isFalse();

        editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", challenger));

        Api.Response afresh = editor.post(path, Map.of("customerId", "C1"));
        assertThat(afresh.status()).as(afresh.raw()).isEqualTo(200);
        assertThat(afresh.json().get("new").asBoolean()).as(afresh.raw()).isTrue();
        assertThat(afresh.json().get("phase").asInt()).isEqualTo(2);
        assertThat(afresh.json().get("modelId").asText()).as("only the new champion serves now").isEqualTo(challenger);
        Api.Response again = editor.post(path, Map.of("customerId", "C1"));
        assertThat(again.json().get("new").asBoolean()).as("sticky again within phase 2").isFalse();
        assertThat(viewer.get(path + "/C1").json().get("phase").asInt()).isEqualTo(2);
    }

    @Test
    void resultsDefaultToTheNewPhaseWhileTheEndedPhaseStaysReadable() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String other = createModel(editor, "other");
        String id = experiment(champion, "40", List.of(challenger(challenger, "30"), challenger(other, "30")));
        Traffic.to(editor, id).run("P1-", 300, Map.of("chall", 30, "__champion__", 10));
        JsonNode phase1Before = viewer.get("/api/v1/experiments/" + id + "/results").json();

        editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", challenger));

        JsonNode current = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(current.get("phase").asInt()).isEqualTo(2);
        assertThat(current.get("currentPhase").asInt()).isEqualTo(2);
        assertThat(current.get("source").asText()).as("no assignments in phase 2 yet").isNotEqualTo("live");

        Api.Response ended = viewer.get("/api/v1/experiments/" + id + "/results?phase=1");
        assertThat(ended.status()).as(ended.raw()).isEqualTo(200);
        assertThat(ended.json().get("phase").asInt()).isEqualTo(1);
        assertThat(ended.json().get("currentPhase").asInt()).isEqualTo(2);
        assertThat(ended.json().get("source").asText()).isEqualTo("live");
        assertThat(samplesByVariant(ended.json())).isEqualTo(samplesByVariant(phase1Before));
        assertThat(ended.json().has("promotion")).as("an ended phase has no promotion decision").isFalse();

        assertThat(viewer.get("/api/v1/experiments/" + id + "/results?phase=3").status()).isEqualTo(400);

        Traffic.to(editor, id).run("P2-", 100, Map.of());
        JsonNode phase2 = viewer.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(phase2.get("source").asText()).isEqualTo("live");
        long phase2Samples = 0;
        for (JsonNode v : phase2.get("variants")) {
            phase2Samples += v.get("samples").asLong();
            assertThat(v.get("variant").asText()).as("the promoted model no longer has a challenger arm")
                    .isNotEqualTo("chall");
        }
        assertThat(phase2Samples).isEqualTo(100);
    }

    @Test
    void promotionRecordCarriesTheEvidenceAsResultsShowedIt() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        String id = experiment(champion, "50", List.of(challenger(challenger, "50")));
        Traffic.to(editor, id).run("C", 400, Map.of("chall", 25, "__champion__", 10));
        JsonNode shown = viewer.get("/api/v1/experiments/" + id + "/results").json();
        String keyId = editor.get("/api/v1/me").json().get("keyId").asText();

        Api.Response promoted = editor.post("/api/v1/experiments/" + id + "/promote",
                Map.of("modelId", challenger, "reason", "Clear winner in review"));
        assertThat(promoted.status()).as(promoted.raw()).isEqualTo(201);

        JsonNode listed = viewer.get("/api/v1/experiments/" + id + "/promotions").json();
        assertThat(listed.get("data")).hasSize(1);
        JsonNode record = listed.get("data").get(0);
        assertThat(record).as("the record listed is the one returned").isEqualTo(promoted.json());
        assertThat(record.get("id").asText()).startsWith("prm_");
        assertThat(record.get("experimentId").asText()).isEqualTo(id);
        assertThat(record.get("endedPhase").asInt()).isEqualTo(1);
        assertThat(record.get("fromModelId").asText()).isEqualTo(champion);
        assertThat(record.get("toModelId").asText()).isEqualTo(challenger);
        assertThat(record.get("trigger").asText()).isEqualTo("manual");
        assertThat(record.get("actor").asText()).isEqualTo(keyId);
        assertThat(record.get("reason").asText()).isEqualTo("Clear winner in review");
        assertThat(Instant.parse(record.get("promotedAt").asText())).isNotNull();
        JsonNode evidence = record.get("evidence");
        assertThat(evidence.get("comparison")).as("the comparison exactly as /results showed it")
                .isEqualTo(shown.get("comparisons").get(0));
        assertThat(evidence.get("comparison").get("treatment").asText()).isEqualTo("chall");
        assertThat(evidence.get("srm")).as("the sample-ratio check as /results showed it")
                .isEqualTo(shown.get("srm"));
    }

    @Test
    void promotionsAreListedNewestFirstAndPaginated() {
        String champion = createModel(editor, "champ");
        String a = createModel(editor, "a");
        String b = createModel(editor, "b");
        String id = experiment(champion, "50", List.of(challenger(a, "25"), challenger(b, "25")));
        assertThat(editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", a)).status())
                .isEqualTo(201);
        clock.advance(Duration.ofMinutes(5));
        assertThat(editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", b)).status())
                .isEqualTo(201);

        JsonNode first = viewer.get("/api/v1/experiments/" + id + "/promotions?limit=1").json();
        assertThat(first.get("data")).hasSize(1);
        assertThat(first.get("data").get(0).get("endedPhase").asInt()).isEqualTo(2);
        assertThat(first.get("data").get(0).get("fromModelId").asText()).isEqualTo(a);
        assertThat(first.get("data").get(0).get("toModelId").asText()).isEqualTo(b);
        assertThat(first.get("pagination").get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("pagination").get("total").asLong()).isEqualTo(2);

        String cursor = first.get("pagination").get("cursor").asText();
        JsonNode second = viewer.get("/api/v1/experiments/" + id + "/promotions?limit=1&cursor=" + cursor).json();
        assertThat(second.get("data")).hasSize(1);
        assertThat(second.get("data").get(0).get("endedPhase").asInt()).isEqualTo(1);
        assertThat(second.get("data").get(0).get("toModelId").asText()).isEqualTo(a);
        assertThat(second.get("pagination").get("hasMore").asBoolean()).isFalse();

        assertThat(viewer.get("/api/v1/experiments/" + id).json().get("phase").asInt()).isEqualTo(3);
    }

    private String experiment(String champion, String championPct, List<Map<String, Object>> challengers) {
        Api.Response r = editor.post("/api/v1/experiments", Map.of("key", "effects", "name", "Effects",
                "status", "active", "championModelId", champion, "trafficSplit",
                Map.of("championPct", new BigDecimal(championPct)), "challengers", challengers));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static Map<String, Object> challenger(String modelId, String pct) {
        return Map.of("modelId", modelId, "trafficPct", new BigDecimal(pct));
    }

    private static Map<String, Long> samplesByVariant(JsonNode results) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (JsonNode v : results.get("variants")) {
            out.put(v.get("variant").asText(), v.get("samples").asLong());
        }
        return out;
    }
}
