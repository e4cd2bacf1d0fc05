package dev.verdict.reliability;

import static dev.verdict.support.Envelope.assertClientError;
import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad input to every endpoint that takes input: broken JSON, wrong shapes and types, nulls, empty and huge strings,
 * non-finite and out-of-range numbers, oversized lists and bodies, deep nesting, invalid UTF-8, wrong content types,
 * bad query parameters and hostile path ids. Every answer is a 4xx with the error envelope (never a 5xx), and a
 * rejected request stores nothing. Where an input is in fact valid (e.g. {@code null} for an optional field, which
 * means "default" on POST and "keep" on PUT) the case says so explicitly and 2xx is accepted too.
 */
@ApiTest
class BadInputApiTest extends ApiTestBase {

    /** What a case may answer. */
    enum Expect {
        /** The input is invalid: 4xx with the envelope, nothing stored. */
        REJECT,
        /** The input is valid (or a harmless variation of a valid one): 2xx, or a 4xx with the envelope. */
        VALID_OR_REJECT,
        /** A batch item is invalid: a 4xx for the whole batch, or 200 with that item answered as an error. */
        ITEM_ERROR,
        /** The endpoint's valid base request: must succeed, so the mutations of it test what they claim. */
        SUCCEED
    }

    /** One request. Placeholders {champion}, {challenger}, {spare}, {exp}, {now}, {key}, {audit}: filled per test. */
    record Case(String name, String method, String path, String body, String contentType, Expect expect,
                String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    private enum Kind { STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY }

    /** A field of a request body: a path such as {@code challengers/0/trafficPct}, its kind, and which bad values are in fact valid. */
    private record Field(String path, Kind kind, Set<String> valid, boolean batchItem) {
        static Field of(String path, Kind kind, String... valid) {
            return new Field(path, kind, Set.of(valid), false);
        }

        static Field item(String path, Kind kind, String... valid) {
            return new Field(path, kind, Set.of(valid), true);
        }
    }

    /** An endpoint that takes a JSON body, with a valid base body and its fields. */
    private record Endpoint(String method, String path, String base, List<Field> fields, List<Oversize> lists) { }

    /** A list field and a factory for its items, to send more items than allowed. */
    private record Oversize(String field, int size, String itemTemplate) { }

    private static final String RAW = "@@RAW@@";
    private static final String BAD_UTF8 = "@@BADUTF8@@";
    private static final String LONG = "x".repeat(10_001);
    private static final String DEEP = "[".repeat(1000) + "]".repeat(1000);
    private static final String DEEP_OBJECT = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);

    /** The bad values per kind; the key names the value in case names and in {@link Field#valid}. */
    private static Map<String, String> badValues(Kind kind) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("null", "null");
        v.put("empty", "\"\"");
        switch (kind) {
            case STRING -> {
                v.put("number", "123");
                v.put("boolean", "true");
                v.put("object", "{\"a\":1}");
                v.put("array", "[\"x\"]");
                v.put("long", "\"" + LONG + "\"");
                v.put("control", "\"a\\u0000b\"");
            }
            case NUMBER, INTEGER -> {
                v.put("string", "\"12\"");
                v.put("boolean", "true");
                v.put("object", "{}");
                v.put("array", "[1]");
                v.put("1e309", "1e309");
                v.put("-1e309", "-1e309");
                v.put("-0", "-0");
                v.put("\"NaN\"", "\"NaN\"");
                v.put("NaN", "NaN");
                v.put("\"Infinity\"", "\"Infinity\"");
                v.put("-1", "-1");
                v.put("0.5", "0.5");
                v.put("100.5", "100.5");
                v.put("101", "101");
                v.put("1e20", "1e20");
                v.put("bigint", "99999999999999999999999");
                v.put("long", "\"" + LONG + "\"");
            }
            case BOOLEAN -> {
                v.put("string", "\"true\"");
                v.put("number", "1");
                v.put("object", "{}");
            }
            case OBJECT -> {
                v.put("string", "\"x\"");
                v.put("array", "[1]");
                v.put("number", "5");
                v.put("deep", DEEP_OBJECT);
                v.put("control", "{\"a\":\"x\\u0000y\",\"b\\u0000\":[\"\\u0000\"]}");
            }
            case ARRAY -> {
                v.put("string", "\"x\"");
                v.put("object", "{}");
                v.put("number", "5");
                v.put("[null]", "[null]");
                v.put("deep", DEEP);
            }
        }
        return v;
    }

    /** Whole-list values that the outcome batch answers per item (200 with an error item), by its contract. */
    private static final Set<String> ITEM_LEVEL = Set.of("outcomes=[null]");

    private static final String NOW = "2026-03-01T10:00:00.000Z";

    private static List<Endpoint> endpoints() {
        String models = "/api/v1/algorithm-models";
        String experiments = "/api/v1/experiments";
        String exp = experiments + "/{exp}";
        String outcome = "{\"customerId\":\"C1\",\"outcome\":\"conversion\",\"value\":10.5,\"idempotencyKey\":\"idem-%d\"}";
        List<Endpoint> list = new ArrayList<>();
        list.add(new Endpoint("POST", models,
                "{\"key\":\"new-model\",\"name\":\"New model\",\"modelType\":\"bayesian\",\"description\":\"d\","
                        + "\"status\":\"draft\",\"version\":1,\"config\":{\"a\":1},\"metrics\":{\"auc\":0.7},"
                        + "\"trainingSamples\":10,\"lastTrainedAt\":\"" + NOW + "\"}",
                List.of(Field.of("key", Kind.STRING), Field.of("name", Kind.STRING),
                        Field.of("modelType", Kind.STRING), Field.of("description", Kind.STRING, "null", "empty"),
                        Field.of("status", Kind.STRING, "null"), Field.of("version", Kind.INTEGER, "null", "101"),
                        Field.of("config", Kind.OBJECT, "null"), Field.of("metrics", Kind.OBJECT, "null"),
                        Field.of("trainingSamples", Kind.INTEGER, "null", "-0", "101"),
                        Field.of("lastTrainedAt", Kind.STRING, "null")),
                List.of()));
        list.add(new Endpoint("PUT", models + "/{spare}", "{\"name\":\"Renamed\"}",
                List.of(Field.of("key", Kind.STRING, "null"), Field.of("name", Kind.STRING, "null"),
                        Field.of("modelType", Kind.STRING, "null"),
                        Field.of("description", Kind.STRING, "null", "empty"),
                        Field.of("status", Kind.STRING, "null"), Field.of("version", Kind.INTEGER, "null", "101"),
                        Field.of("config", Kind.OBJECT, "null"), Field.of("metrics", Kind.OBJECT, "null"),
                        Field.of("trainingSamples", Kind.INTEGER, "null", "-0", "101"),
                        Field.of("lastTrainedAt", Kind.STRING, "null")),
                List.of()));
        List<Field> experimentFields = List.of(Field.of("description", Kind.STRING, "null", "empty"),
                Field.of("status", Kind.STRING, "null"), Field.of("championModelId", Kind.STRING, "null"),
                // An object of unknown fields is a split with the default championPct (unknown fields are ignored).
                Field.of("trafficSplit", Kind.OBJECT, "null", "control"),
                Field.of("trafficSplit/championPct", Kind.NUMBER, "null"),
                Field.of("challengers", Kind.ARRAY), Field.of("challengers/0/modelId", Kind.STRING),
                Field.of("challengers/0/trafficPct", Kind.NUMBER),
                Field.of("holdoutPercent", Kind.NUMBER, "null", "-0", "0.5"),
                Field.of("autoPromote", Kind.BOOLEAN, "null"),
                Field.of("promoteThreshold", Kind.NUMBER, "null", "0.5"),
                Field.of("promoteAfterDays", Kind.INTEGER, "null", "-0", "101"));
        List<Field> create = new ArrayList<>(List.of(Field.of("key", Kind.STRING), Field.of("name", Kind.STRING)));
        create.addAll(experimentFields);
        list.add(new Endpoint("POST", experiments,
                "{\"key\":\"new-exp\",\"name\":\"New experiment\",\"description\":\"d\",\"status\":\"draft\","
                        + "\"championModelId\":\"{champion}\",\"trafficSplit\":{\"championPct\":80},"
                        + "\"challengers\":[{\"modelId\":\"{challenger}\",\"trafficPct\":20}],\"holdoutPercent\":0,"
                        + "\"autoPromote\":false,\"promoteThreshold\":0.02,\"promoteAfterDays\":14}",
                create, List.of(new Oversize("challengers", 101, "{\"modelId\":\"{challenger}\",\"trafficPct\":0}"),
                        new Oversize("challengers", 1001, "{\"modelId\":\"{challenger}\",\"trafficPct\":0}"))));
        List<Field> update = new ArrayList<>();
        update.add(Field.of("key", Kind.STRING, "null"));
        update.add(Field.of("name", Kind.STRING, "null"));
        for (Field f : experimentFields) {
            Set<String> valid = new java.util.HashSet<>(f.valid());
            valid.add("null");
            update.add(new Field(f.path(), f.kind(), Set.copyOf(valid), false));
        }
        update.add(Field.of("results", Kind.OBJECT, "null"));
        list.add(new Endpoint("PUT", exp, "{\"name\":\"Renamed\",\"trafficSplit\":{\"championPct\":80},"
                + "\"challengers\":[{\"modelId\":\"{challenger}\",\"trafficPct\":20}]}", update,
                List.of(new Oversize("challengers", 101, "{\"modelId\":\"{challenger}\",\"trafficPct\":0}"),
                        new Oversize("challengers", 1001, "{\"modelId\":\"{challenger}\",\"trafficPct\":0}"))));
        list.add(new Endpoint("POST", exp + "/assignments", "{\"customerId\":\"C-new\",\"attributes\":{\"a\":1}}",
                List.of(Field.of("customerId", Kind.STRING), Field.of("attributes", Kind.OBJECT, "null")),
                List.of()));
        list.add(new Endpoint("POST", exp + "/assignments/batch", "{\"customerIds\":[\"C-b1\",\"C-b2\"]}",
                List.of(Field.of("customerIds", Kind.ARRAY), Field.of("customerIds/0", Kind.STRING)),
                List.of(new Oversize("customerIds", 1001, "\"C-%d\""))));
        list.add(new Endpoint("POST", exp + "/outcomes",
                "{\"customerId\":\"C1\",\"outcome\":\"conversion\",\"value\":10.5,\"idempotencyKey\":\"idem-1\"}",
                List.of(Field.of("customerId", Kind.STRING), Field.of("outcome", Kind.STRING, "null"),
                        Field.of("value", Kind.NUMBER, "null", "-0", "-1", "0.5", "100.5", "101"),
                        Field.of("occurredAt", Kind.STRING, "null"),
                        Field.of("idempotencyKey", Kind.STRING, "null")),
                List.of()));
        list.add(new Endpoint("POST", exp + "/outcomes/batch", "{\"outcomes\":[" + outcome.formatted(1) + "]}",
                List.of(Field.of("outcomes", Kind.ARRAY), Field.item("outcomes/0/customerId", Kind.STRING),
                        Field.item("outcomes/0/outcome", Kind.STRING, "null"),
                        Field.item("outcomes/0/value", Kind.NUMBER, "null", "-0", "-1", "0.5", "100.5", "101"),
                        Field.item("outcomes/0/occurredAt", Kind.STRING, "null"),
                        Field.item("outcomes/0/idempotencyKey", Kind.STRING)),
                List.of(new Oversize("outcomes", 1001, outcome))));
        list.add(new Endpoint("POST", experiments + "/power-calculator",
                "{\"baselineConversionRate\":0.05,\"minimumDetectableEffect\":0.01,\"mdeType\":\"absolute\","
                        + "\"significanceLevel\":0.05,\"power\":0.8,\"trafficSplit\":0.5,\"dailyTraffic\":1000}",
                List.of(Field.of("baselineConversionRate", Kind.NUMBER, "0.5"),
                        Field.of("minimumDetectableEffect", Kind.NUMBER, "0.5", "101", "100.5"),
                        Field.of("mdeType", Kind.STRING, "null"),
                        Field.of("significanceLevel", Kind.NUMBER, "null"),
                        Field.of("power", Kind.NUMBER, "null", "0.5"),
                        Field.of("trafficSplit", Kind.NUMBER, "null", "0.5"),
                        Field.of("dailyTraffic", Kind.NUMBER, "null", "0.5", "100.5", "101")),
                List.of()));
        list.add(new Endpoint("POST", exp + "/promote", "{\"modelId\":\"{challenger}\",\"reason\":\"manual\"}",
                List.of(Field.of("modelId", Kind.STRING), Field.of("reason", Kind.STRING, "null", "empty")),
                List.of()));
        list.add(new Endpoint("POST", exp + "/exposures", "{\"exposures\":[{\"customerId\":\"C-reported\","
                + "\"variant\":\"__champion__\",\"configVersion\":1,\"assignedAt\":\"{now}\"}]}", List.of(),
                List.of()));
        list.add(new Endpoint("POST", "/api/v1/api-keys", "{\"name\":\"new key\",\"role\":\"viewer\"}",
                List.of(Field.of("name", Kind.STRING), Field.of("role", Kind.STRING)), List.of()));
        return list;
    }

    static Stream<Case> bodyCases() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String at = e.method() + " " + e.path().replace("/api/v1", "");
            cases.add(new Case(at + " valid base body", e.method(), e.path(), e.base(), "application/json",
                    Expect.SUCCEED, null));
            // The whole body.
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("no body", null);
            bodies.put("empty body", "");
            bodies.put("JSON null", "null");
            bodies.put("malformed JSON", "{\"key\" \"a\"}");
            bodies.put("single quotes", e.base().replace('"', '\''));
            bodies.put("truncated JSON", e.base().substring(0, e.base().length() / 2));
            bodies.put("truncated after last value", e.base().substring(0, e.base().length() - 1));
            bodies.put("trailing garbage", e.base() + " x");
            bodies.put("JSON array", "[" + e.base() + "]");
            bodies.put("empty JSON array", "[]");
            bodies.put("number", "5");
            bodies.put("string", "\"" + e.base().replace("\"", "\\\"") + "\"");
            bodies.put("boolean", "true");
            bodies.put("1,000 levels of nesting", DEEP);
            bodies.put("1,000 nested objects", DEEP_OBJECT);
            bodies.put("invalid UTF-8", e.base().replaceFirst(":(\\[?)\"", ":$1\"" + BAD_UTF8));
            bodies.put("body over 1 MiB", "{\"pad\":\"" + "x".repeat(1_100_000) + "\"," + e.base().substring(1));
            bodies.forEach((name, body) -> cases.add(new Case(at + " " + name, e.method(), e.path(), body,
                    "application/json", Expect.REJECT, null)));
            for (String type : new String[]{"text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1"}) {
                cases.add(new Case(at + " Content-Type " + type, e.method(), e.path(), e.base(), type,
                        type.startsWith("application/json") ? Expect.VALID_OR_REJECT : Expect.REJECT, null));
            }
            cases.add(new Case(at + " no Content-Type", e.method(), e.path(), e.base(), null, Expect.REJECT, null));
            cases.add(new Case(at + " unknown query parameters with bad values", e.method(),
                    e.path() + "?id=%27%20OR%201%3D1--&limit=-1&__proto__=%3Cscript%3E&x=%00", e.base(),
                    "application/json", Expect.VALID_OR_REJECT, null));
            // Each field.
            for (Field f : e.fields()) {
                badValues(f.kind()).forEach((name, raw) -> {
                    Expect expect = f.valid().contains(name) ? Expect.VALID_OR_REJECT
                            : f.batchItem() || ITEM_LEVEL.contains(f.path() + "=" + name) ? Expect.ITEM_ERROR
                            : Expect.REJECT;
                    cases.add(new Case(at + " " + f.path() + " = " + name, e.method(), e.path(),
                            withValue(e.base(), f.path(), raw), "application/json", expect, f.path()));
                });
            }
            for (Oversize o : e.lists()) {
                StringBuilder items = new StringBuilder("[");
                for (int i = 0; i < o.size(); i++) {
                    items.append(i == 0 ? "" : ",").append(o.itemTemplate().replace("%d", Integer.toString(i)));
                }
                cases.add(new Case(at + " " + o.size() + " " + o.field(), e.method(), e.path(),
                        withValue(e.base(), o.field(), items + "]"), "application/json", Expect.REJECT, o.field()));
            }
        }
        return cases.stream();
    }

    /**
     * Operations with a body this catalogue leaves to their own tests: a webhook's URL must pass the SSRF guard,
     * which this context (no insecure HTTP, no DNS) cannot satisfy; WebhookSubscriptionApiTest covers its
     * required {@code url}.
     */
    private static final Set<String> NOT_HERE = Set.of("POST /api/v1/webhooks", "PUT /api/v1/webhooks/{id}");

    /**
     * For each property the committed OpenAPI document (equal to the live one, OpenApiSnapshotApiTest) says a body
     * requires, at any depth the valid base body reaches: the base body without it must be refused (a batch item:
     * that item refused). Clients generated from the document rely on exactly these claims.
     */
    static Stream<Case> requiredCases() throws java.io.IOException {
        JsonNode doc = Api.json().readTree(java.nio.file.Files.readString(
                dev.verdict.support.ProjectRoot.resolve("docs/openapi.json")));
        List<Case> cases = new ArrayList<>();
        Set<String> covered = new java.util.HashSet<>(NOT_HERE);
        for (Endpoint e : endpoints()) {
            String concrete = e.path().replaceAll("\\{[a-z]+}", "x");
            String template = null;
            for (String candidate : doc.path("paths").propertyNames()) {
                if (concrete.matches(candidate.replaceAll("\\{[^}]+}", "[^/]+"))
                        && doc.path("paths").path(candidate).has(e.method().toLowerCase())) {
                    template = candidate;
                }
            }
            assertThat(template).as("%s %s is in docs/openapi.json", e.method(), e.path()).isNotNull();
            covered.add(e.method() + " " + template);
            JsonNode schema = doc.path("paths").path(template).path(e.method().toLowerCase()).path("requestBody")
                    .path("content").path("application/json").path("schema");
            required(doc, schema, Api.json().readTree(e.base()), "", e, cases);
        }
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                assertThat(!op.getValue().has("requestBody") || covered.contains(op.getKey().toUpperCase() + " "
                        + path.getKey())).as("%s %s takes a body: give it a valid base body here", op.getKey(),
                        path.getKey()).isTrue()));
        return cases.stream();
    }

    private static void required(JsonNode doc, JsonNode schema, JsonNode body, String path, Endpoint e,
                                 List<Case> cases) {
        JsonNode s = schema.has("$ref") ? doc.at(schema.get("$ref").asText().substring(1)) : schema;
        String at = e.method() + " " + e.path().replace("/api/v1", "");
        if (body.isObject()) {
            for (JsonNode name : s.path("required")) {
                String field = path.isEmpty() ? name.asText() : path + "/" + name.asText();
                assertThat(body.has(name.asText())).as("%s: the base body has the required %s", at, field).isTrue();
                boolean item = field.matches("(outcomes|exposures)/\\d+/.+");
                cases.add(new Case(at + " without " + field, e.method(), e.path(), without(e.base(), field),
                        "application/json", item ? Expect.ITEM_ERROR : Expect.REJECT, field));
            }
            s.path("properties").properties().forEach(p -> {
                if (body.has(p.getKey())) {
                    required(doc, p.getValue(), body.get(p.getKey()),
                            path.isEmpty() ? p.getKey() : path + "/" + p.getKey(), e, cases);
                }
            });
        } else if (body.isArray() && !body.isEmpty()) {
            required(doc, s.path("items"), body.get(0), path + "/0", e, cases);
        }
    }

    /** The base body without the property at a path (object names and array indexes separated by /). */
    private static String without(String base, String path) {
        JsonNode root = Api.json().readTree(base);
        String[] parts = path.split("/");
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
        }
        ((ObjectNode) parent).remove(parts[parts.length - 1]);
        return Api.json().writeValueAsString(root);
    }

    /** The base body with the value at a path (object names and array indexes separated by /) replaced by raw JSON. */
    private static String withValue(String base, String path, String rawValue) {
        JsonNode root = Api.json().readTree(base);
        String[] parts = path.split("/");
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), Api.json().readTree("\"" + RAW + "\""));
        } else {
            ((ObjectNode) parent).put(last, RAW);
        }
        return Api.json().writeValueAsString(root).replace("\"" + RAW + "\"", rawValue);
    }

    static Stream<Case> queryCases() {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("/api/v1/algorithm-models", List.of("status", "modelType", "limit", "cursor"));
        lists.put("/api/v1/experiments", List.of("status", "limit", "cursor"));
        lists.put("/api/v1/api-keys", List.of("limit", "cursor"));
        lists.put("/api/v1/audit-logs", List.of("entityType", "entityId", "limit", "cursor"));
        lists.put("/api/v1/experiments/{exp}/promotions", List.of("limit", "cursor"));
        lists.put("/api/v1/experiments/{exp}/results",
                List.of("outcome", "confidence", "mde", "baselineRate", "power", "minSamples", "phase"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("empty", "");
        values.put("word", "abc");
        values.put("-1", "-1");
        values.put("0", "0");
        values.put("-0", "-0");
        values.put("1.5", "1.5");
        values.put("1e309", "1e309");
        values.put("NaN", "NaN");
        values.put("Infinity", "Infinity");
        values.put("bigint", "99999999999999999999");
        values.put("long", "y".repeat(2_000));
        values.put("NUL", "%00");
        values.put("SQL", "%27%20OR%20%271%27%3D%271");
        values.put("HTML", "%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        // Filters and the outcome name: a well-formed value that matches nothing is valid.
        Map<String, Set<String>> validFor = Map.of(
                "status", Set.of(),
                "modelType", Set.of(),
                "entityType", Set.of("word", "-1", "0", "-0", "1.5", "1e309", "NaN", "Infinity", "bigint", "SQL",
                        "HTML", "NUL", "empty"),
                "entityId", Set.of("word", "-1", "0", "-0", "1.5", "1e309", "NaN", "Infinity", "bigint", "SQL",
                        "HTML", "NUL", "empty"),
                "cursor", Set.of("empty"),
                "outcome", Set.of("word", "0", "1e309", "bigint"));
        List<Case> cases = new ArrayList<>();
        lists.forEach((path, params) -> {
            for (String param : params) {
                values.forEach((name, value) -> {
                    Expect expect = validFor.getOrDefault(param, Set.of()).contains(name) ? Expect.VALID_OR_REJECT
                            : Expect.REJECT;
                    cases.add(new Case("GET " + path.replace("/api/v1", "") + "?" + param + " = " + name, "GET",
                            path + "?" + param + "=" + value, null, null, expect, param));
                });
            }
            cases.add(new Case("GET " + path.replace("/api/v1", "") + " with unknown parameters", "GET",
                    path + "?unknown=%27%3B--&limit2=-5&sort=%3Cb%3E&cursor2=x", null, null, Expect.VALID_OR_REJECT,
                    null));
        });
        return cases.stream();
    }

    static Stream<Case> pathCases() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("300 characters", "i".repeat(300));
        ids.put("10,000 characters", "i".repeat(10_000));
        ids.put("slash", "a/b");
        ids.put("dot dot", "..");
        ids.put("dots inside", "a..b");
        ids.put("encoded dot dot", "%2E%2E");
        ids.put("NUL", "%00");
        ids.put("NUL inside", "mdl_1%00x");
        ids.put("encoded slash", "%2F");
        ids.put("encoded slash inside", "a%2Fb");
        ids.put("encoded backslash", "a%5Cb");
        ids.put("SQL", "%27%20OR%20%271%27%3D%271");
        ids.put("SQL with semicolon", "1%3BDROP%20TABLE%20experiments");
        ids.put("path parameter", "x;jsessionid=1");
        ids.put("HTML", "%3Cb%3Ehi%3C%2Fb%3E");
        ids.put("HTML without slash", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
        ids.put("percent", "%25");
        ids.put("invalid UTF-8", "%FF%FE");
        ids.put("unicode", "%E2%80%AEmdl");
        String exp = "/api/v1/experiments/";
        List<String[]> routes = List.of(
                new String[]{"GET", "/api/v1/algorithm-models/@", null},
                new String[]{"PUT", "/api/v1/algorithm-models/@", "{\"name\":\"n\"}"},
                new String[]{"DELETE", "/api/v1/algorithm-models/@", null},
                new String[]{"GET", exp + "@", null},
                new String[]{"PUT", exp + "@", "{\"name\":\"n\"}"},
                new String[]{"DELETE", exp + "@", null},
                new String[]{"DELETE", "/api/v1/experiments?id=@", null},
                new String[]{"POST", exp + "@/assignments", "{\"customerId\":\"C9\"}"},
                new String[]{"POST", exp + "@/assignments/batch", "{\"customerIds\":[\"C9\"]}"},
                new String[]{"GET", exp + "@/assignments/C1", null},
                new String[]{"GET", exp + "{exp}/assignments/@", null},
                new String[]{"POST", exp + "@/outcomes", "{\"customerId\":\"C1\",\"idempotencyKey\":\"k\"}"},
                new String[]{"POST", exp + "@/outcomes/batch",
                        "{\"outcomes\":[{\"customerId\":\"C1\",\"idempotencyKey\":\"k\"}]}"},
                new String[]{"GET", exp + "@/results", null},
                new String[]{"POST", exp + "@/promotion/evaluate", null},
                new String[]{"POST", exp + "@/promote", "{\"modelId\":\"{challenger}\"}"},
                new String[]{"GET", exp + "@/promotions", null},
                new String[]{"DELETE", "/api/v1/api-keys/@", null},
                new String[]{"GET", "/api/v1/audit-logs/@", null});
        List<Case> cases = new ArrayList<>();
        for (String[] route : routes) {
            ids.forEach((name, id) -> cases.add(new Case(route[0] + " " + route[1].replace("/api/v1", "")
                    + " with id: " + name, route[0], route[1].replace("@", id), route[2],
                    route[2] == null ? null : "application/json", Expect.REJECT, null)));
        }
        return cases.stream();
    }

    private final Map<String, String> fixture = new LinkedHashMap<>();

    @BeforeEach
    void fixture() {
        String champion = createModel(admin, "champion");
        String challenger = createModel(admin, "challenger");
        fixture.put("{champion}", champion);
        fixture.put("{challenger}", challenger);
        fixture.put("{spare}", createModel(admin, "spare"));
        String exp = anExperiment("fixture").champion(champion, 80).challenger(challenger, 20).active().create(admin);
        fixture.put("{exp}", exp);
        fixture.put("{now}", clock.instant().toString());
        Api.Response assigned = admin.post("/api/v1/experiments/" + exp + "/assignments", Map.of("customerId", "C1"));
        assertThat(assigned.status()).as("fixture assignment: %s", assigned).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyCases")
    void bodiesAreRejectedWithAnEnvelopeAndStoreNothing(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredCases")
    void aBodyWithoutAPropertyTheDocumentRequiresIsRejected(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryCases")
    void queryParametersAreRejectedWithAnEnvelope(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathCases")
    void hostilePathIdsAreRejectedWithAnEnvelopeAndChangeNothing(Case c) {
        check(c);
    }

    private void check(Case c) {
        Map<String, Long> before = rowCounts();
        Api.Response r = admin.send(c.method(), fill(c.path()), body(c.body()), c.contentType());
        assertThat(r.status()).as("%s must never be a server error: %s", c, r).isLessThan(500);
        switch (c.expect()) {
            case SUCCEED -> assertThat(r.status()).as("%s: the base request must be valid: %s", c, r)
                    .isBetween(200, 299);
            case REJECT -> assertRejected(c, r, before);
            case VALID_OR_REJECT -> {
                if (r.status() >= 400) {
                    assertRejected(c, r, before);
                } else {
                    assertThat(r.status()).as("%s: %s", c, r).isBetween(200, 299);
                }
            }
            case ITEM_ERROR -> {
                if (r.status() >= 400) {
                    assertRejected(c, r, before);
                } else {
                    assertThat(r.status()).as("%s: %s", c, r).isEqualTo(200);
                    JsonNode item = r.json().path("data").path(0);
                    assertThat(item.path("status").asText()).as("%s: the invalid item must be an error: %s", c, r)
                            .isEqualTo("error");
                    assertThat(item.path("error").path("message").asText()).as("%s: %s", c, r).isNotBlank();
                    assertThat(rowCounts()).as("%s: an invalid batch item must store nothing", c).isEqualTo(before);
                }
            }
        }
    }

    private void assertRejected(Case c, Api.Response r, Map<String, Long> before) {
        assertThat(r.status()).as("%s must be a client error: %s", c, r).isBetween(400, 499);
        JsonNode error = assertClientError(r);
        if (c.field() != null && "VALIDATION_FAILED".equals(error.path("code").asText())) {
            String name = c.field().substring(c.field().lastIndexOf('/') + 1);
            if (!name.matches("\\d+")) {
                assertThat(error.path("message").asText() + error.path("details").toString())
                        .as("%s: the message should name the field: %s", c, r).contains(name);
            }
        }
        assertThat(rowCounts()).as("%s: a rejected request must store nothing: %s", c, r).isEqualTo(before);
    }

    private String fill(String text) {
        String out = text;
        for (Map.Entry<String, String> e : fixture.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private byte[] body(String body) {
        if (body == null) {
            return null;
        }
        String filled = fill(body);
        int at = filled.indexOf(BAD_UTF8);
        if (at < 0) {
            return filled.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(filled.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        out.writeBytes(filled.substring(at + BAD_UTF8.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static final List<String> TABLES = List.of("algorithm_models", "experiments", "experiment_challengers",
            "assignments", "outcomes", "api_keys", "audit_entries", "promotions");

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ?").param(tenant.id())
                    .query(Long.class).single());
        }
        return counts;
    }
}
