package dev.verdict.assignment;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.ExperimentBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server runs the committed golden vectors of assignment.md (spec/assignment-layout-vectors.csv, the same copy
 * verdict-core and verdict-client run): every customer assigned over the API gets exactly the golden variant.
 */
@ApiTest
class GoldenVectorsApiTest extends ApiTestBase {

    record Vector(String experimentKey, String holdout, String champion, String challengers, String customerId,
                  String variant) { }

    private static List<Vector> vectors() throws IOException {
        try (InputStream in = GoldenVectorsApiTest.class.getResourceAsStream("/assignment/assignment-layout-vectors.csv")) {
            assertThat(in).as("the golden layout vectors on the test classpath").isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .filter(l -> !l.isBlank()).toList();
            List<Vector> out = new ArrayList<>();
            for (String line : lines) {
                String[] f = line.split(",", -1);
                out.add(new Vector(f[0], f[1], f[2], f[3], f[4], f[6]));
            }
            return out;
        }
    }

    @Test
    void everyGoldenCustomerIsAssignedTheGoldenVariantOverTheApi() throws IOException {
        Map<String, List<Vector>> byExperiment = new LinkedHashMap<>();
        vectors().forEach(v -> byExperiment.computeIfAbsent(v.experimentKey(), k -> new ArrayList<>()).add(v));
        assertThat(byExperiment).hasSizeGreaterThanOrEqualTo(5);
        int checked = 0;
        for (List<Vector> group : byExperiment.values()) {
            Vector first = group.get(0);
            ExperimentBuilder experiment = anExperiment(first.experimentKey())
                    .champion(createModel(editor, first.experimentKey() + "-champion"), new BigDecimal(first.champion()))
                    .holdout(new BigDecimal(first.holdout()));
            if (!first.challengers().isEmpty()) {
                for (String arm : first.challengers().split(";")) {
                    String[] kv = arm.split("=");
                    experiment.challenger(createModel(editor, kv[0]), new BigDecimal(kv[1]));
                }
            }
            String id = experiment.active().create(editor);
            List<String> customers = group.stream().map(Vector::customerId).toList();
            Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                    Map.of("customerIds", customers));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            JsonNode data = r.json().get("data");
            for (int i = 0; i < group.size(); i++) {
                assertThat(data.get(i).get("variant").asText())
                        .as("%s / %s", first.experimentKey(), group.get(i).customerId())
                        .isEqualTo(group.get(i).variant());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(200);
    }
}
