package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the live {@code /v3/api-docs} clean for client generators in other languages, with the JDK only (no Node in
 * the build). It re-implements these rules of Redocly CLI 2.x's {@code recommended} set, the ones the document
 * broke or could plausibly break: {@code operation-summary}, {@code operation-operationId},
 * {@code operation-operationId-unique}, {@code operation-operationId-url-safe}, {@code operation-2xx-response},
 * {@code operation-4xx-response}, {@code operation-parameters-unique}, {@code path-parameters-defined},
 * {@code info-license}, {@code info-license-strict}, {@code no-server-example.com}, {@code no-empty-servers},
 * {@code no-server-trailing-slash}, {@code no-path-trailing-slash}, {@code security-defined} and
 * {@code no-unused-components} (schemas). It adds Verdict's own: no {@code /error} or console path, every operation
 * tagged, every 4xx answered with the error envelope, 403 exactly where roles restrict, 404 where the path names a
 * resource. By hand: {@code npx @redocly/cli@2 lint http://localhost:8080/v3/api-docs} (README).
 */
@ApiTest
class OpenApiDocumentApiTest extends ApiTestBase {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Pattern REF = Pattern.compile("\"\\$ref\":\"#/components/schemas/([^\"]+)\"");

    private JsonNode doc;
    private final Map<String, JsonNode> operations = new java.util.TreeMap<>();

    @BeforeEach
    void fetch() {
        var r = anonymous.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        doc = r.json();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) {
                operations.put(m.getKey().toUpperCase() + " " + path.getKey(), m.getValue());
            }
        }));
        assertThat(operations).hasSizeGreaterThan(30);
    }

    @Test
    void everyOperationHasASummaryATagAndAUniqueUrlSafeOperationId() {
        Map<String, String> ids = new HashMap<>();
        List<String> problems = new ArrayList<>();
        operations.forEach((name, op) -> {
            if (op.path("summary").asText("").isBlank()) {
                problems.add(name + ": no summary");
            }
            if (op.path("tags").isEmpty()) {
                problems.add(name + ": no tag");
            }
            String id = op.path("operationId").asText("");
            if (id.isEmpty() || !id.matches("[A-Za-z0-9_.~-]+")) {
                problems.add(name + ": operationId '" + id + "' missing or not URL-safe");
            } else if (ids.put(id, name) != null) {
                problems.add(name + ": operationId " + id + " also used by " + ids.get(id));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyOperationAnswers2xxAndItsPossible4xxWithTheErrorEnvelope() {
        List<String> problems = new ArrayList<>();
        operations.forEach((name, op) -> {
            Set<String> codes = new LinkedHashSet<>(op.get("responses").propertyNames());
            if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
                problems.add(name + ": no 2xx response");
            }
            if (codes.stream().noneMatch(c -> c.startsWith("4"))) {
                problems.add(name + ": no 4xx response");
            }
            for (String code : codes) {
                if (code.startsWith("4") && !op.at("/responses/" + code + "/content/application~1json/schema/$ref")
                        .asText().equals("#/components/schemas/ErrorBody")) {
                    problems.add(name + ": " + code + " is not the error envelope");
                }
            }
            for (String always : List.of("401", "429")) {
                if (!codes.contains(always)) {
                    problems.add(name + ": no " + always);
                }
            }
            if (name.contains("{") && !codes.contains("404")) {
                problems.add(name + ": names a resource but has no 404");
            }
            if (op.has("requestBody") && !(codes.contains("400") && codes.contains("413"))) {
                problems.add(name + ": takes a body but lacks 400 or 413");
            }
        });
        assertThat(problems).isEmpty();
        JsonNode error = doc.at("/components/schemas/Error/properties");
        assertThat(error.propertyNames()).contains("code", "message", "status", "details");
    }

    /** Generated clients may dispatch on the status code: the document names the one the server sends. */
    @Test
    void createsAreDocumentedAs201AndDeletesAs204() {
        List<String> problems = new ArrayList<>();
        operations.forEach((name, op) -> {
            Set<String> success = new TreeSet<>();
            op.get("responses").propertyNames().forEach(c -> {
                if (c.startsWith("2")) {
                    success.add(c);
                }
            });
            String id = op.path("operationId").asText();
            if (id.startsWith("create") && !success.equals(Set.of("201"))) {
                problems.add(name + " (" + id + "): " + success + " instead of [201]");
            }
            if (name.startsWith("DELETE ") && !success.equals(Set.of("204"))) {
                problems.add(name + " (" + id + "): " + success + " instead of [204]");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(operations.get("POST /api/v1/experiments").at("/responses/201/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/ExperimentView");
    }

    @Test
    void forbiddenIsDocumentedExactlyWhereRolesRestrict() {
        assertThat(operations.get("POST /api/v1/webhooks").at("/responses/403").isMissingNode()).isFalse();
        assertThat(operations.get("GET /api/v1/audit-logs").at("/responses/403").isMissingNode()).isFalse();
        assertThat(operations.get("POST /api/v1/experiments").at("/responses/403").isMissingNode()).isFalse();
        assertThat(operations.get("GET /api/v1/experiments").at("/responses/403").isMissingNode())
                .as("any role reads experiments").isTrue();
        assertThat(operations.get("POST /api/v1/experiments/power-calculator").at("/responses/403").isMissingNode())
                .as("any role uses the power calculator").isTrue();
    }

    @Test
    void pathParametersAreDefinedAndParametersUnique() {
        List<String> problems = new ArrayList<>();
        operations.forEach((name, op) -> {
            Set<String> seen = new HashSet<>();
            Set<String> inPath = new HashSet<>();
            op.path("parameters").forEach(p -> {
                if (!seen.add(p.path("in").asText() + ":" + p.path("name").asText())) {
                    problems.add(name + ": parameter " + p.path("name").asText() + " twice");
                }
                if (p.path("in").asText().equals("path")) {
                    inPath.add(p.path("name").asText());
                }
            });
            Matcher m = PATH_PARAM.matcher(name);
            while (m.find()) {
                if (!inPath.contains(m.group(1))) {
                    problems.add(name + ": path parameter " + m.group(1) + " not defined");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void onlyApiPathsAreListed() {
        List<String> paths = new ArrayList<>(doc.get("paths").propertyNames());
        assertThat(paths).allMatch(p -> p.startsWith("/api/v1/"), "only /api/v1 paths (no /error, no /console)");
        assertThat(paths).noneMatch(p -> p.endsWith("/"));
    }

    @Test
    void infoHasALicenceAndServersAreNeitherEmptyNorLocal() {
        JsonNode license = doc.at("/info/license");
        assertThat(license.path("name").asText()).isNotBlank();
        assertThat(license.has("url") || license.has("identifier")).as("info-license-strict").isTrue();
        assertThat(doc.path("servers").isEmpty()).as("no-empty-servers").isFalse();
        doc.path("servers").forEach(s -> {
            String url = s.path("url").asText();
            assertThat(url).doesNotContain("example.com").doesNotContain("localhost");
            assertThat(url.length() == 1 || !url.endsWith("/")).as("no-server-trailing-slash: " + url).isTrue();
        });
    }

    @Test
    void securitySchemesUsedAreDefined() {
        Set<String> defined = new HashSet<>(doc.at("/components/securitySchemes").propertyNames());
        List<JsonNode> requirements = new ArrayList<>();
        doc.path("security").forEach(requirements::add);
        operations.values().forEach(op -> op.path("security").forEach(requirements::add));
        assertThat(doc.path("security").isEmpty()).isFalse();
        requirements.forEach(r -> assertThat(defined).containsAll(r.propertyNames()));
    }

    @Test
    void everyComponentSchemaIsUsed() {
        JsonNode schemas = doc.at("/components/schemas");
        Map<String, String> bodies = new HashMap<>();
        schemas.properties().forEach(e -> bodies.put(e.getKey(), e.getValue().toString()));
        Set<String> used = new HashSet<>();
        List<String> queue = new ArrayList<>();
        Matcher m = REF.matcher(doc.get("paths").toString());
        while (m.find()) {
            queue.add(m.group(1));
        }
        while (!queue.isEmpty()) {
            String name = queue.remove(queue.size() - 1);
            if (used.add(name) && bodies.containsKey(name)) {
                Matcher inner = REF.matcher(bodies.get(name));
                while (inner.find()) {
                    queue.add(inner.group(1));
                }
            }
        }
        Set<String> unused = new java.util.TreeSet<>(bodies.keySet());
        unused.removeAll(used);
        assertThat(unused).as("no-unused-components").isEmpty();
    }
}
