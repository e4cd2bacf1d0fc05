package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed {@code docs/openapi.json} is the live {@code /v3/api-docs}: the build generates a Java client from
 * that file before the tests compile ({@code GeneratedClientApiTest} uses it), so a change to the API must come with
 * the refreshed copy, and reviewers see the API change in the diff. The comparison is on a canonical form (object
 * keys sorted, pretty-printed, LF line ends) so neither springdoc's map order nor formatting can make it flaky.
 */
@ApiTest
class OpenApiSnapshotApiTest extends ApiTestBase {

    static final String COMMITTED = "docs/openapi.json";
    static final String UPDATE_PROPERTY = "verdict.openapi.update";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The layout of {@code jq -S .}: two spaces, one array element a line, {@code "key": value}, {@code []}. */
    private static final DefaultPrettyPrinter JQ_LAYOUT;

    static {
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        JQ_LAYOUT = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(twoSpaces).withArrayIndenter(twoSpaces);
    }

    @Test
    void committedDocumentIsTheLiveOne() throws IOException {
        var r = anonymous.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        String live = canonical(r.json());
        Path fresh = ProjectRoot.resolve("verdict-server/target/openapi.json");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, live, StandardCharsets.UTF_8);

        Path committed = ProjectRoot.resolve(COMMITTED);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(committed, live, StandardCharsets.UTF_8);
        }
        String onDisk = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        // A boolean, so the failure is the message and not two copies of a 5,000-line document.
        assertThat(onDisk.equals(live))
                .as("%s differs from the live /v3/api-docs (first difference: %s). The fresh document is in %s: "
                        + "copy it to %s, or run ./mvnw -B -ntp test -pl verdict-server -am "
                        + "-Dtest=OpenApiSnapshotApiTest -Dsurefire.failIfNoSpecifiedTests=false -D%s=true, "
                        + "then build again so the generated client follows", COMMITTED, firstDifference(onDisk, live),
                        fresh, COMMITTED, UPDATE_PROPERTY)
                .isTrue();
    }

    @Test
    void canonicalFormSortsKeysAtEveryDepthAndKeepsArrayOrder() {
        JsonNode a = JSON.readTree("{\"b\":{\"y\":1,\"x\":[3,{\"d\":1,\"c\":2}]},\"a\":true}");
        JsonNode b = JSON.readTree("{\"a\":true,\"b\":{\"x\":[3,{\"c\":2,\"d\":1}],\"y\":1}}");
        assertThat(canonical(a)).isEqualTo(canonical(b)).isEqualTo("""
                {
                  "a": true,
                  "b": {
                    "x": [
                      3,
                      {
                        "c": 2,
                        "d": 1
                      }
                    ],
                    "y": 1
                  }
                }
                """);
        assertThat(canonical(JSON.readTree("{\"e\":{},\"f\":[]}"))).isEqualTo("{\n  \"e\": {},\n  \"f\": []\n}\n");
        assertThat(canonical(JSON.readTree("[2,1]"))).isNotEqualTo(canonical(JSON.readTree("[1,2]")));
    }

    /** Object keys sorted at every depth, arrays in their order, two-space indent, LF, a final newline. */
    static String canonical(JsonNode doc) {
        return JSON.writer().with(JQ_LAYOUT).writeValueAsString(sorted(doc)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    private static String firstDifference(String expected, String actual) {
        if (expected.isEmpty()) {
            return "the file is missing or empty";
        }
        List<String> a = new ArrayList<>(expected.lines().toList());
        List<String> b = new ArrayList<>(actual.lines().toList());
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end>";
            String y = i < b.size() ? b.get(i) : "<end>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ", committed '" + x.strip() + "', live '" + y.strip() + "'";
            }
        }
        return "line ends or final newline";
    }
}
