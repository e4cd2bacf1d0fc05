package dev.verdict.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.model.ModelRequest;
import dev.verdict.model.ModelService;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.SecondInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Real deliveries to a receiver inside the test, over HTTP on 127.0.0.1 (allowed by {@link WebhookApiTest}). */
@WebhookApiTest
class WebhookDeliveryApiTest extends ApiTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ModelService models;
    @Autowired
    DataSource dataSource;

    @Test
    void eventsArriveSignedCorrectlyAndInOrderPerExperiment() throws Exception {
        try (Receiver receiver = new Receiver(n -> 200)) {
            JsonNode hook = subscribe(receiver.url(), List.of("*"));
            String secret = hook.get("secret").asText();
            String champion = createModel(editor, "champ");
            String challenger = createModel(editor, "chall");
            Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "ordered", "name", "Ordered",
                    "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                    "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String experiment = created.json().get("id").asText();
            assertThat(editor.put("/api/v1/experiments/" + experiment, Map.of("name", "Renamed")).status())
                    .isEqualTo(200);
            assertThat(editor.put("/api/v1/experiments/" + experiment, Map.of("status", "active")).status())
                    .isEqualTo(200);
            Api.Response stop = editor.put("/api/v1/experiments/" + experiment, Map.of(
                    "trafficSplit", Map.of("championPct", 100), "challengers", List.of()));
            assertThat(stop.status()).as(stop.raw()).isEqualTo(200);

            List<String> stored = jdbc.sql("SELECT id FROM events WHERE tenant_id = ? AND subject = ? ORDER BY seq")
                    .params(tenant.id(), experiment).query(String.class).list();
            await().atMost(PATIENCE).until(() -> ofSubject(receiver, experiment).size() >= stored.size());

            List<Receiver.Received> got = ofSubject(receiver, experiment);
            assertThat(got.stream().map(r -> r.header("Verdict-Event-Id")).toList())
                    .as("the experiment's events, in the order they were committed").isEqualTo(stored);
            assertThat(got.stream().map(r -> json(r).get("type").asText()).toList()).containsExactly(
                    "experiment.created", "experiment.updated", "experiment.updated", "experiment.status_changed",
                    "experiment.updated", "experiment.challenger_stopped");
            for (Receiver.Received r : receiver.accepted()) {
                assertSignedWith(secret, r);
                JsonNode body = json(r);
                assertThat(body.get("id").asText()).startsWith("evt_").isEqualTo(r.header("Verdict-Event-Id"));
                assertThat(body.get("tenantId").asText()).isEqualTo(tenant.id());
                assertThat(body.get("occurredAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\.\\d{3}Z");
            }
            JsonNode stopped = json(got.get(got.size() - 1)).get("data");
            assertThat(stopped.get("challenger").get("modelId").asText()).isEqualTo(challenger);
            assertThat(stopped.get("experiment").get("challengers")).isEmpty();
            assertThat(stopped.has("evidence")).isTrue();
            JsonNode statusChanged = json(got.get(3)).get("data");
            assertThat(statusChanged.get("previousStatus").asText()).isEqualTo("draft");
            assertThat(statusChanged.get("experiment").get("status").asText()).isEqualTo("active");
        }
    }

    @Test
    void receiverAnswering500TwiceThen200GetsTheEventOnceWithTheAttemptsLogged() throws Exception {
        try (Receiver receiver = new Receiver(n -> n <= 2 ? 500 : 200)) {
            String hook = subscribe(receiver.url(), List.of("model.created")).get("id").asText();
            createModel(editor, "flaky");

            for (int attempt = 1; attempt <= 2; attempt++) {
                int expected = attempt;
                await().atMost(PATIENCE).until(() -> deliveries(hook).get(0).get("attemptCount").asInt() == expected);
                JsonNode d = deliveries(hook).get(0);
                assertThat(d.get("state").asText()).isEqualTo("pending");
                assertThat(d.get("lastStatusCode").asInt()).isEqualTo(500);
                assertThat(d.get("nextAttemptAt").isNull()).as("a retry is scheduled").isFalse();
                clock.advance(Duration.ofHours(1));   // past any backoff: no waiting for real time
            }
            await().atMost(PATIENCE).until(() -> deliveries(hook).get(0).get("state").asText().equals("delivered"));

            JsonNode d = deliveries(hook).get(0);
            assertThat(d.get("attemptCount").asInt()).isEqualTo(3);
            assertThat(d.get("nextAttemptAt").isNull()).isTrue();
            assertThat(d.get("attempts").findValues("statusCode").stream().map(JsonNode::asInt).toList())
                    .containsExactly(500, 500, 200);
            assertThat(receiver.requests()).isEqualTo(3);
            assertThat(receiver.accepted()).as("the event is accepted once").hasSize(1);
        }
    }

    @Test
    void receiverDownForAWhileGetsEverythingAfterItComesBack() throws Exception {
        int port;
        try (Receiver probe = new Receiver(n -> 200)) {
            port = probe.port();
        }
        String hook = subscribe("http://127.0.0.1:" + port + "/hook", List.of("*")).get("id").asText();
        Set<String> events = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            createModel(editor, "down-" + i);
        }
        events.addAll(jdbc.sql("SELECT id FROM events WHERE tenant_id = ?").param(tenant.id()).query(String.class)
                .list());
        await().atMost(PATIENCE).until(() -> deliveries(hook).findValues("attemptCount").stream()
                .allMatch(a -> a.asInt() >= 1));
        for (JsonNode d : deliveries(hook)) {
            assertThat(d.get("state").asText()).isEqualTo("pending");
            assertThat(d.get("attempts").get(0).get("error").asText()).startsWith("connection error");
        }

        try (Receiver back = new Receiver(port, n -> 200)) {
            clock.advance(Duration.ofHours(2));
            await().atMost(PATIENCE).until(() -> back.accepted().size() >= events.size());
            assertThat(back.accepted().stream().map(r -> r.header("Verdict-Event-Id")).toList())
                    .containsExactlyInAnyOrderElementsOf(events);
        }
    }

    @Test
    void aRolledBackChangeSendsNothing() throws Exception {
        try (Receiver receiver = new Receiver(n -> 200)) {
            subscribe(receiver.url(), List.of("model.created"));
            try {
                transactions.executeWithoutResult(tx -> {
                    models.create(tenant.id(), "test", new ModelRequest("rolled-back", "Rolled back", null,
                            "bayesian", null, null, null, null, null, null));
                    throw new IllegalStateException("the change fails after the event was written");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            createModel(editor, "committed");

            await().atMost(PATIENCE).until(() -> !receiver.accepted().isEmpty());
            assertThat(receiver.accepted()).hasSize(1);
            assertThat(json(receiver.accepted().get(0)).get("data").get("model").get("key").asText())
                    .isEqualTo("committed");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM events WHERE tenant_id = ?").param(tenant.id())
                    .query(Long.class).single()).as("the rolled-back change left no event").isEqualTo(1);
        }
    }

    @Test
    void twoInstancesDoNotBothDeliverOneAttempt() throws Exception {
        try (Receiver receiver = new Receiver(n -> 200);
             SecondInstance b = SecondInstance.start(dataSource, "verdict.webhooks.allow-insecure-http=true",
                     "verdict.webhooks.allow-private-targets=true", "verdict.webhooks.poll-interval=20ms")) {
            String hook = subscribe(receiver.url(), List.of("*")).get("id").asText();
            int n = 30;
            for (int i = 0; i < n; i++) {
                createModel(i % 2 == 0 ? editor : new Api(b.port(), tenant.editor()), "race-" + i);
            }
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= n);
            List<String> ids = receiver.accepted().stream().map(r -> r.header("Verdict-Event-Id")).toList();
            assertThat(new HashSet<>(ids)).as("distinct events").hasSize(n);
            assertThat(ids).as("each event delivered once").hasSize(n);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempts WHERE tenant_id = ?").param(tenant.id())
                    .query(Long.class).single()).as("one attempt per delivery").isEqualTo(n);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ? "
                    + "AND state = 'delivered' AND attempts = 1").params(tenant.id(), hook).query(Long.class).single())
                    .isEqualTo(n);
        }
    }

    @Autowired
    WebhookRetention retention;

    @Test
    void finishedDeliveriesAndTheirEventsAreDeletedAfterTheHistoryWindowPendingOnesNever() throws Exception {
        try (Receiver receiver = new Receiver(n -> 200)) {
            String hook = subscribe(receiver.url(), List.of("model.created")).get("id").asText();
            createModel(editor, "old-a");
            createModel(editor, "old-b");
            await().atMost(PATIENCE).until(() -> deliveries(hook).size() == 2
                    && deliveries(hook).findValues("state").stream().allMatch(s -> s.asText().equals("delivered")));
            // One old delivery made pending again: it is still to be sent, so it and its event must stay.
            String kept = deliveries(hook).get(0).get("id").asText();
            jdbc.sql("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ? WHERE tenant_id = ? "
                    + "AND id = ?").params(java.sql.Timestamp.from(clock.instant().plus(Duration.ofDays(365))),
                    tenant.id(), kept).update();

            clock.advance(Duration.ofDays(31));
            createModel(editor, "recent");
            await().atMost(PATIENCE).until(() -> deliveries(hook).size() == 3 && deliveries(hook).findValues("state")
                    .stream().filter(s -> s.asText().equals("delivered")).count() == 2);
            long events = eventsOf(tenant.id());

            assertThat(retention.purge(clock.instant())).as("at least this tenant's old delivery and event")
                    .isGreaterThanOrEqualTo(2);
            List<String> left = deliveries(hook).findValues("id").stream().map(JsonNode::asText).toList();
            assertThat(left).hasSize(2).contains(kept);
            assertThat(eventsOf(tenant.id())).isEqualTo(events - 1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempts WHERE tenant_id = ? AND delivery_id NOT IN ("
                    + "SELECT id FROM webhook_deliveries WHERE tenant_id = ?)").params(tenant.id(), tenant.id())
                    .query(Long.class).single()).as("attempts go with their delivery").isZero();
            retention.purge(clock.instant());
            assertThat(deliveries(hook)).as("nothing more is old enough").hasSize(2);
            assertThat(eventsOf(tenant.id())).isEqualTo(events - 1);
        }
    }

    private long eventsOf(String tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM events WHERE tenant_id = ?").params(tenantId).query(Long.class).single();
    }

    private JsonNode subscribe(String url, List<String> types) {
        Api.Response r = admin.post("/api/v1/webhooks", Map.of("url", url, "eventTypes", types));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json();
    }

    private JsonNode deliveries(String hook) {
        Api.Response r = admin.get("/api/v1/webhooks/" + hook + "/deliveries?limit=100");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().get("data");
    }

    private static List<Receiver.Received> ofSubject(Receiver receiver, String experiment) {
        return receiver.accepted().stream()
                .filter(r -> experiment.equals(json(r).get("data").path("experiment").path("id").asText()))
                .toList();
    }

    private static JsonNode json(Receiver.Received r) {
        return Api.json().readTree(r.body());
    }

    /** What a receiver does (README): recompute the HMAC of "t.rawBody" and compare; reject old timestamps. */
    static void assertSignedWith(String secret, Receiver.Received r) throws Exception {
        String header = r.header("Verdict-Signature");
        assertThat(header).as("Verdict-Signature").matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(mac.doFinal(r.body()))).as("HMAC of t.rawBody").isEqualTo(v1);
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t))).as("signature age (s)")
                .isLessThan(300);
    }
}
