package dev.verdict.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI document ({@code docs/openapi.json}, kept equal to the live one by
 * {@code OpenApiSnapshotApiTest}) checked against what the server really answers. {@link Api} passes every JSON
 * answer of every API test through {@link #check}: an answer whose body does not match the schema its operation
 * documents for that status (a property missing that the document says is required, a null where it says a
 * value, a wrong type) fails the test that received it. Generated clients in other languages trust exactly these
 * claims. When a change makes many answers differ at once, {@code -Dverdict.contract.record=FILE} lists every
 * mismatch of a whole run in FILE instead of failing at the first.
 */
public final class ApiContract {

    private static final String DOCUMENT_IRI = "https://verdict.test/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ApiContract INSTANCE = load(ProjectRoot.resolve("docs/openapi.json"));
    /** {@code -Dverdict.contract.record=FILE}: list every mismatch of a whole run in FILE instead of failing. */
    private static final String RECORD = System.getProperty("verdict.contract.record");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** An operation's path template as a pattern, and its method. */
    private record Route(Pattern path, String template, String method) { }

    private ApiContract(String text) {
        this.document = JSON.readTree(text);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, text)));
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                routes.add(new Route(pattern(path.getKey()), path.getKey(), op.getKey().toUpperCase()))));
    }

    static ApiContract load(Path file) {
        try {
            return new ApiContract(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checker for the committed document. */
    public static ApiContract committed() {
        return INSTANCE;
    }

    /**
     * Fails with an {@link AssertionError} naming every mismatch when a JSON answer does not match what the
     * document says {@code method path} answers with {@code status}. Answers the document does not describe as JSON
     * (pages, 204, 304, paths outside the API) are not checked.
     */
    public void check(String method, String pathAndQuery, int status, String contentType, String body) {
        List<String> problems = problems(method, pathAndQuery, status, contentType, body);
        if (!problems.isEmpty() && RECORD != null) {
            synchronized (ApiContract.class) {
                try {
                    Files.writeString(Path.of(RECORD), method + " "
                            + pathAndQuery + " " + status + "\n  " + String.join("\n  ", problems) + "\n",
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return;
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The answer to " + method + " " + pathAndQuery + " (" + status + ") breaks "
                    + "docs/openapi.json:\n  " + String.join("\n  ", problems) + "\nbody: " + abbreviate(body));
        }
    }

    /** What {@link #check} would complain about; empty when the answer matches or is not described. */
    public List<String> problems(String method, String pathAndQuery, int status, String contentType, String body) {
        if (body == null || body.isEmpty() || contentType == null || !contentType.startsWith("application/json")) {
            return List.of();
        }
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        Route route = route(method, path);
        if (route == null) {
            return List.of();
        }
        JsonNode responses = document.path("paths").path(route.template()).path(route.method().toLowerCase())
                .path("responses");
        JsonNode response = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status))
                : responses.path("default");
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return List.of();
        }
        // The schema as its own document, its references made absolute into the registered copy.
        Schema validator = schemas.computeIfAbsent(route.method() + " " + route.template() + " " + status,
                k -> registry.getSchema(JSON.readTree(JSON.writeValueAsString(schema)
                        .replace("\"#/components/", "\"" + DOCUMENT_IRI + "#/components/"))));
        List<Error> errors = validator.validate(JSON.readTree(body));
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private Route route(String method, String path) {
        Route best = null;
        for (Route r : routes) {
            if (r.method().equals(method) && r.path().matcher(path).matches()
                    && (best == null || literalLength(r.template()) > literalLength(best.template()))) {
                best = r;   // /experiments/by-key/{key} wins over /experiments/{id}/{x} when both match
            }
        }
        return best;
    }

    private static int literalLength(String template) {
        return template.replaceAll("\\{[^}]+}", "").length();
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{[^}]+}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static String abbreviate(String body) {
        return body.length() <= 2_000 ? body : body.substring(0, 2_000) + "…";
    }
}
