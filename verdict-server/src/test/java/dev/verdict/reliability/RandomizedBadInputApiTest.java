package dev.verdict.reliability;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded random mutations of valid bodies (dropped, duplicated, retyped and nulled fields, random unicode, huge,
 * negative and fractional numbers, random nesting, truncation, random bytes) against every input endpoint: never a
 * 5xx, and every 4xx is the error envelope. The seed is in the test name; rerun one with {@code -Dverdict.fuzz.seed=N}
 * and more cases with {@code -Dverdict.fuzz.cases=N}.
 */
@ApiTest
class RandomizedBadInputApiTest extends ApiTestBase {

    private static final long DEFAULT_SEED = 20_260_301L;
    private static final int CASES = Integer.getInteger("verdict.fuzz.cases", 3_000);

    static Stream<Long> seeds() {
        return Stream.of(Long.getLong("verdict.fuzz.seed", DEFAULT_SEED));
    }

    private record Target(String method, String path, String base) { }

    private record Failure(int index, String target, String body, String problem) { }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomMutationsNeverCauseServerErrors(long seed) throws Exception {
        System.out.println("RandomizedBadInputApiTest seed=" + seed + " cases=" + CASES);
        String champion = createModel(admin, "champion");
        String challenger = createModel(admin, "challenger");
        String spare = createModel(admin, "spare");
        String exp = anExperiment("fuzz").champion(champion, 80).challenger(challenger, 20).active().create(admin);
        String e = "/api/v1/experiments/" + exp;
        List<Target> targets = List.of(
                new Target("POST", "/api/v1/algorithm-models", "{\"key\":\"m\",\"name\":\"M\",\"modelType\":\"bayesian\","
                        + "\"description\":\"d\",\"version\":1,\"config\":{\"a\":[1,2]},\"metrics\":{\"auc\":0.7},"
                        + "\"trainingSamples\":10,\"lastTrainedAt\":\"2026-03-01T10:00:00.000Z\",\"status\":\"draft\"}"),
                new Target("PUT", "/api/v1/algorithm-models/" + spare, "{\"name\":\"R\",\"description\":\"d\","
                        + "\"version\":2,\"status\":\"active\",\"config\":{\"b\":true}}"),
                new Target("POST", "/api/v1/experiments", "{\"key\":\"x\",\"name\":\"X\",\"championModelId\":\""
                        + champion + "\",\"trafficSplit\":{\"championPct\":80},\"challengers\":[{\"modelId\":\""
                        + challenger + "\",\"trafficPct\":20}],\"holdoutPercent\":5,\"autoPromote\":true,"
                        + "\"promoteThreshold\":0.02,\"promoteAfterDays\":14}"),
                new Target("PUT", e, "{\"name\":\"Y\",\"trafficSplit\":{\"championPct\":70},\"challengers\":"
                        + "[{\"modelId\":\"" + challenger + "\",\"trafficPct\":30}],\"holdoutPercent\":1,"
                        + "\"results\":{\"k\":[1,{\"z\":null}]}}"),
                new Target("POST", e + "/assignments", "{\"customerId\":\"C1\",\"attributes\":{\"age\":30}}"),
                new Target("POST", e + "/assignments/batch", "{\"customerIds\":[\"C1\",\"C2\",\"C3\"]}"),
                new Target("POST", e + "/outcomes", "{\"customerId\":\"C1\",\"outcome\":\"conversion\",\"value\":1.5,"
                        + "\"occurredAt\":\"2026-03-01T10:00:00.000Z\",\"idempotencyKey\":\"i1\"}"),
                new Target("POST", e + "/outcomes/batch", "{\"outcomes\":[{\"customerId\":\"C1\",\"outcome\":\"click\","
                        + "\"idempotencyKey\":\"b1\"},{\"customerId\":\"C2\",\"value\":-3,\"idempotencyKey\":\"b2\"}]}"),
                new Target("POST", "/api/v1/experiments/power-calculator", "{\"baselineConversionRate\":0.05,"
                        + "\"minimumDetectableEffect\":0.01,\"mdeType\":\"relative\",\"significanceLevel\":0.05,"
                        + "\"power\":0.8,\"trafficSplit\":0.5,\"dailyTraffic\":1000}"),
                new Target("POST", e + "/promote", "{\"modelId\":\"" + challenger + "\",\"reason\":\"r\"}"),
                new Target("POST", "/api/v1/api-keys", "{\"name\":\"k\",\"role\":\"viewer\"}"));

        // Generate every case up front from the one seeded Random, so the cases do not depend on thread timing.
        Random random = new Random(seed);
        List<Target> chosen = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Target t = targets.get(random.nextInt(targets.size()));
            chosen.add(t);
            bodies.add(new Mutator(random).mutate(t.base()));
        }
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Target t = chosen.get(index);
                    byte[] body = bodies.get(index);
                    try {
                        Api.Response r = admin.send(t.method(), t.path(), body, "application/json");
                        if (r.status() >= 500) {
                            failures.add(new Failure(index, t.method() + " " + t.path(), show(body), "status " + r));
                        } else if (r.status() >= 400) {
                            Envelope.assertClientError(r);
                        }
                    } catch (AssertionError | RuntimeException ex) {
                        failures.add(new Failure(index, t.method() + " " + t.path(), show(body), ex.getMessage()));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("seed=%d: %d of %d cases failed; first ones:%n%s", seed, failures.size(), CASES,
                String.join("\n", failures.stream().limit(10).map(f -> "#" + f.index() + " " + f.target() + " body="
                        + f.body() + "\n   -> " + f.problem()).toList())).isEmpty();
    }

    private static String show(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "…(" + body.length + " bytes)" : s;
    }

    /** One random mutation of a JSON body, drawn from a seeded Random. */
    private static final class Mutator {
        private final Random random;

        Mutator(Random random) {
            this.random = random;
        }

        byte[] mutate(String base) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            if (kind == 1) {
                byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
            JsonNode root = Api.json().readTree(base);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                mutateTree(root, 0);
            }
            String json = Api.json().writeValueAsString(root);
            if (kind == 2) {
                // A duplicated field: the same name twice, the second with another value.
                int brace = json.indexOf('{');
                String name = root.propertyNames().iterator().hasNext() ? root.propertyNames().iterator().next()
                        : "x";
                json = json.substring(0, brace + 1) + "\"" + name + "\":" + randomValue(2) + ","
                        + json.substring(brace + 1);
            }
            return json.getBytes(StandardCharsets.UTF_8);
        }

        private void mutateTree(JsonNode node, int depth) {
            if (node instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>(object.propertyNames());
                String name = names.get(random.nextInt(names.size()));
                JsonNode child = object.get(name);
                if ((child.isObject() || child.isArray()) && random.nextInt(3) == 0 && depth < 4) {
                    mutateTree(child, depth + 1);
                    return;
                }
                switch (random.nextInt(4)) {
                    case 0 -> object.remove(name);
                    case 1 -> object.putNull(name);
                    case 2 -> object.set(name, Api.json().readTree(randomValue(3)));
                    default -> object.set(randomName(), Api.json().readTree(randomValue(3)));
                }
            } else if (node instanceof ArrayNode array && !array.isEmpty()) {
                int i = random.nextInt(array.size());
                JsonNode child = array.get(i);
                if ((child.isObject() || child.isArray()) && random.nextBoolean() && depth < 4) {
                    mutateTree(child, depth + 1);
                    return;
                }
                switch (random.nextInt(3)) {
                    case 0 -> array.remove(i);
                    case 1 -> array.add(Api.json().readTree(randomValue(3)));
                    default -> array.set(i, Api.json().readTree(randomValue(3)));
                }
            }
        }

        private String randomName() {
            return Api.json().writeValueAsString(randomString(random.nextInt(12)));
        }

        /** Raw JSON for a random value; parsed back by Jackson, so it stays valid JSON. */
        private String randomValue(int depth) {
            int pick = random.nextInt(depth > 0 ? 14 : 11);
            return switch (pick) {
                case 0 -> "null";
                case 1 -> Boolean.toString(random.nextBoolean());
                case 2 -> Long.toString(random.nextLong());
                case 3 -> Double.toString((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 10));
                case 4 -> random.nextBoolean() ? "1e308" : "-1.7976931348623157e308";
                case 5 -> "-0";
                case 6 -> "0." + "0".repeat(random.nextInt(400)) + "1";
                case 7 -> "9".repeat(1 + random.nextInt(400));
                case 8 -> Api.json().writeValueAsString(randomString(random.nextInt(40)));
                case 9 -> Api.json().writeValueAsString("x".repeat(random.nextInt(20_000)));
                case 10 -> Api.json().writeValueAsString(List.of("NaN", "Infinity", "-Infinity", "", " ", "1",
                        "2026-13-45T99:99:99Z", "active", "bayesian", "__champion__").get(random.nextInt(10)));
                case 11 -> "[" + randomValue(depth - 1) + "," + randomValue(depth - 1) + "]";
                case 12 -> "{" + randomName() + ":" + randomValue(depth - 1) + "}";
                default -> {
                    int levels = 1 + random.nextInt(60);
                    yield "[".repeat(levels) + randomValue(0) + "]".repeat(levels);
                }
            };
        }

        private String randomString(int length) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int range = random.nextInt(5);
                int cp = switch (range) {
                    case 0 -> random.nextInt(0x20);
                    case 1 -> 0x20 + random.nextInt(0x5F);
                    case 2 -> 0xA0 + random.nextInt(0x700);
                    case 3 -> 0x1F300 + random.nextInt(0x300);
                    default -> 0x4E00 + random.nextInt(0x5000);
                };
                s.appendCodePoint(cp);
            }
            return s.toString();
        }
    }
}
