package dev.verdict.client;

import static dev.verdict.client.TestFeeds.experiment;
import static dev.verdict.client.TestFeeds.feed;
import static dev.verdict.client.TestFeeds.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.core.SdkConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How exposures reach the server, against a stub of the two endpoints (the JDK's HTTP server): retries of a failed
 * batch are bounded, a refused batch is not retried, and the per-item answers are counted. The real server is in
 * verdict-server's dev.verdict.client tests.
 */
class ExposureDeliveryTest {

    private static final SdkConfig FEED = feed(experiment("exp", version(1, "0", "50", "c", "50")));

    private HttpServer stub;
    private final AtomicInteger exposureCalls = new AtomicInteger();
    private final BlockingQueue<JsonNode> reported = new LinkedBlockingQueue<>();
    private final List<ClientError> errors = new CopyOnWriteArrayList<>();
    private volatile int failFirst;
    private volatile int failStatus = 503;
    private volatile String itemStatus = "recorded";
    /** Holds the first poll, and with it the client's only thread, so that exposures queue up before any flush. */
    private final java.util.concurrent.CountDownLatch configGate = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean gated;

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] feedJson = VerdictHttp.JSON.writeValueAsBytes(FEED);
        stub.createContext("/api/v1/sdk/config", x -> {
            if (gated) {
                try {
                    configGate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            x.getResponseHeaders().add("ETag", "\"rev-test\"");
            if ("\"rev-test\"".equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                x.sendResponseHeaders(304, -1);
                x.close();
            } else {
                respond(x, 200, feedJson);
            }
        });
        stub.createContext("/api/v1/experiments/", x -> {
            JsonNode body = VerdictHttp.JSON.readTree(x.getRequestBody().readAllBytes());
            int call = exposureCalls.incrementAndGet();
            if (call <= failFirst) {
                respond(x, failStatus, "{\"error\":{\"code\":\"X\",\"message\":\"stub\",\"status\":0}}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            StringBuilder out = new StringBuilder("{\"data\":[");
            for (int i = 0; i < body.get("exposures").size(); i++) {
                reported.add(body.get("exposures").get(i));
                out.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"status\":\"")
                        .append(itemStatus).append("\"}");
            }
            respond(x, 200, out.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private static void respond(HttpExchange x, int status, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private VerdictClient.Builder builder() {
        return VerdictClient.builder(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), "stub-key")
                .exposureFlushInterval(Duration.ofMillis(20)).pollInterval(Duration.ofMinutes(10))
                .listener(new VerdictListener() {
                    @Override
                    public void onError(ClientError error) {
                        errors.add(error);
                    }
                });
    }

    private VerdictClient client() {
        VerdictClient client = builder().build();
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isEqualTo(ReadyStatus.READY_FROM_SERVER);
        return client;
    }

    /** A client that assigns {@code customers} from its initial feed while its thread waits for the first poll. */
    private VerdictClient clientWithQueued(int customers) {
        gated = true;
        VerdictClient client = builder().initialConfig(FEED).build();
        for (int i = 0; i < customers; i++) {
            assertThat(client.assign("exp", "C" + i).source()).isEqualTo(AssignmentSource.LOCAL);
        }
        configGate.countDown();
        return client;
    }

    private static double count(VerdictClient c, String name, String tag, String value) {
        return c.meterRegistry().get(name).tag(tag, value).counter().count();
    }

    /** Waits (bounded) for a condition the client's thread makes true; fails with {@code what} otherwise. */
    private static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for: %s", what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void sendsEachLocalAnswerWithItsVariantVersionAndTime() throws Exception {
        try (VerdictClient client = client()) {
            AssignmentResult a = client.assign("exp", "C1");
            JsonNode item = reported.poll(20, TimeUnit.SECONDS);
            assertThat(item).as("an exposure reached the stub").isNotNull();
            assertThat(item.get("customerId").asText()).isEqualTo("C1");
            assertThat(item.get("variant").asText()).isEqualTo(a.variant());
            assertThat(item.get("configVersion").asInt()).isEqualTo(1);
            assertThat(item.get("assignedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            eventually("counted as recorded", () -> count(client, "verdict.client.exposures.reported", "result",
                    "recorded") == 1);
        }
    }

    @Test
    void aCustomerTheServerConfirmedIsNotReportedAgain() throws Exception {
        try (VerdictClient client = client()) {
            client.assign("exp", "C1");
            assertThat(reported.poll(20, TimeUnit.SECONDS)).isNotNull();
            eventually("recorded", () -> count(client, "verdict.client.exposures.reported", "result", "recorded") == 1);
            for (int i = 0; i < 10; i++) {
                client.assign("exp", "C1");
            }
            assertThat(client.meterRegistry().get("verdict.client.exposures.skipped").counter().count()).isEqualTo(10);
        }
        assertThat(reported).as("nothing more was sent, close() included").isEmpty();
    }

    @Test
    void aBatchThatKeepsFailingIsTriedThreeTimesThenDroppedAndCounted() throws Exception {
        failFirst = Integer.MAX_VALUE;
        try (VerdictClient client = clientWithQueued(7)) {
            eventually("the batch dropped", () -> count(client, "verdict.client.exposures.dropped", "reason",
                    "failed") == 7);
            assertThat(exposureCalls.get()).isEqualTo(ExposureReporter.MAX_ATTEMPTS);
            assertThat(errors).extracting(ClientError::kind).containsSubsequence(ClientError.Kind.EXPOSURE_REPORT,
                    ClientError.Kind.EXPOSURE_REPORT, ClientError.Kind.EXPOSURES_DROPPED);
        }
    }

    @Test
    void aBatchThatFailsTwiceIsDeliveredOnTheThirdAttempt() throws Exception {
        failFirst = 2;
        try (VerdictClient client = clientWithQueued(7)) {
            eventually("delivered", () -> count(client, "verdict.client.exposures.reported", "result",
                    "recorded") == 7);
            assertThat(exposureCalls.get()).isEqualTo(3);
            assertThat(count(client, "verdict.client.exposures.dropped", "reason", "failed")).isZero();
        }
        List<String> customers = new ArrayList<>();
        reported.forEach(n -> customers.add(n.get("customerId").asText()));
        assertThat(customers).containsExactly("C0", "C1", "C2", "C3", "C4", "C5", "C6");
    }

    @Test
    void aBatchTheServerRefusesWholeIsDroppedAtOnce() throws Exception {
        failFirst = Integer.MAX_VALUE;
        failStatus = 403;
        try (VerdictClient client = clientWithQueued(5)) {
            eventually("dropped as rejected", () -> count(client, "verdict.client.exposures.dropped", "reason",
                    "rejected") == 5);
            assertThat(exposureCalls.get()).isEqualTo(1);
            assertThat(errors).extracting(ClientError::kind).contains(ClientError.Kind.EXPOSURE_REJECTED);
            assertThat(errors).allSatisfy(e -> assertThat(e.message()).doesNotContain("stub-key"));
        }
    }

    @Test
    void crossoversAndRefusedItemsAreCountedAndTold() throws Exception {
        itemStatus = "crossover";
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        try (VerdictClient client = VerdictClient.builder(URI.create("http://127.0.0.1:"
                        + stub.getAddress().getPort()), "stub-key").exposureFlushInterval(Duration.ofMillis(20))
                .listener(new VerdictListener() {
                    @Override
                    public void onEvent(ClientEvent event) {
                        events.add(event);
                    }
                }).build()) {
            client.awaitReady(Duration.ofSeconds(10));
            client.assign("exp", "C1");
            eventually("crossover counted", () -> count(client, "verdict.client.exposures.reported", "result",
                    "crossover") == 1);
            eventually("crossover told", () -> events.stream().anyMatch(e -> e.kind() == ClientEvent.Kind.CROSSOVER));
            itemStatus = "error";
            client.assign("exp", "C2");
            eventually("error counted", () -> count(client, "verdict.client.exposures.reported", "result",
                    "error") == 1);
        }
    }

    @Test
    void aRepeatedPollIsAnswered304AndKeepsTheCompiledFeed() throws Exception {
        try (VerdictClient client = VerdictClient.builder(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                "stub-key").pollInterval(Duration.ofMillis(20)).listener(new VerdictListener() { }).build()) {
            client.awaitReady(Duration.ofSeconds(10));
            CompiledFeed first = client.feed();
            eventually("two 304s", () -> count(client, "verdict.client.config.fetches", "outcome", "304") >= 2);
            assertThat(client.feed()).isSameAs(first);
            assertThat(count(client, "verdict.client.config.fetches", "outcome", "200")).isEqualTo(1);
        }
    }
}
