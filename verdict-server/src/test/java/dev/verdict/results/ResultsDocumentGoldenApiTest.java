package dev.verdict.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The /results documents of a fixed scenario, compared byte for byte with the ones committed under
 * {@code src/test/resources/golden/}: a change in how the document is assembled must not change one character of
 * it. The scenario covers live arms with and without enough data, tuned queries, an ended phase and a phase without
 * data; generated ids are replaced by names. To accept an intended change, run this test with
 * {@code -Dgolden.write=true} and review the diff of the golden files.
 */
@ApiTest
class ResultsDocumentGoldenApiTest extends ApiTestBase {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void theResultsDocumentsOfAFixedScenarioStayByteForByteTheSame() throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        String champion = named(names, "MODEL_CHAMPION", createModel(editor, "golden-champ"));
        String challengerA = named(names, "MODEL_A", createModel(editor, "golden-a"));
        String challengerB = named(names, "MODEL_B", createModel(editor, "golden-b"));
        String challengerC = named(names, "MODEL_C", createModel(editor, "golden-c"));
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "golden-results", "name", "Golden",
                "status", "active", "championModelId", champion, "holdoutPercent", 10,
                "trafficSplit", Map.of("championPct", 50), "challengers", List.of(
                        Map.of("modelId", challengerA, "trafficPct", 30),
                        Map.of("modelId", challengerB, "trafficPct", 18),
                        Map.of("modelId", challengerC, "trafficPct", 2))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = named(names, "EXPERIMENT", created.json().get("id").asText());

        Map<String, String> variantOf = new LinkedHashMap<>();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            customers.add("golden-" + i);
        }
        for (int from = 0; from < customers.size(); from += 1000) {
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                    Map.of("customerIds", customers.subList(from, from + 1000)));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            r.json().get("data").forEach(a -> variantOf.put(a.get("customerId").asText(), a.get("variant").asText()));
        }
        Map<String, Double> rate = Map.of("__holdout__", 0.03, "__champion__", 0.08, "golden-a", 0.12,
                "golden-b", 0.09, "golden-c", 0.2);
        Random random = new Random(20261207);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (String customer : customers) {
            if (random.nextDouble() < rate.get(variantOf.get(customer))) {
                outcomes.add(Map.of("customerId", customer, "value", 1 + random.nextInt(100) / 4.0,
                        "idempotencyKey", "g-" + customer));
            }
        }
        Api.Response recorded = editor.post("/api/v1/experiments/" + id + "/outcomes/batch",
                Map.of("outcomes", outcomes));
        assertThat(recorded.status()).as(recorded.raw()).isEqualTo(200);

        check("results-default", viewer.get("/api/v1/experiments/" + id + "/results"), names);
        check("results-tuned", viewer.get("/api/v1/experiments/" + id
                + "/results?confidence=0.9&power=0.9&mde=0.03&baselineRate=0.07&outcome=conversion"), names);
        // Too few customers per arm for the comparisons and the uplift: the insufficient-data shapes.
        check("results-insufficient", viewer.get("/api/v1/experiments/" + id + "/results?minSamples=600"), names);
        check("results-other-outcome", viewer.get("/api/v1/experiments/" + id + "/results?outcome=click"), names);

        // Removing a challenger ends phase 1: its document keeps the arms and models it had.
        Api.Response changed = editor.put("/api/v1/experiments/" + id, Map.of("trafficSplit",
                Map.of("championPct", 52), "challengers", List.of(Map.of("modelId", challengerA, "trafficPct", 30),
                        Map.of("modelId", challengerB, "trafficPct", 18))));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        check("results-ended-phase", viewer.get("/api/v1/experiments/" + id + "/results?phase=1"), names);
        check("results-phase-without-data", viewer.get("/api/v1/experiments/" + id + "/results"), names);
    }

    private static String named(Map<String, String> names, String name, String value) {
        names.put(value, name);
        return value;
    }

    private static void check(String file, Api.Response response, Map<String, String> names) throws IOException {
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        String body = response.raw();
        for (Map.Entry<String, String> n : names.entrySet()) {
            body = body.replace(n.getKey(), n.getValue());
        }
        Path golden = GOLDEN.resolve(file + ".json");
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, body + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(Files.exists(golden)).as("golden file %s (write it with -Dgolden.write=true)", golden).isTrue();
        assertThat(body + "\n").as("the /results document %s", file)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
