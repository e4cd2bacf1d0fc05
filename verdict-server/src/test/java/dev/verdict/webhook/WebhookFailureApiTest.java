package dev.verdict.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Final answers, giving up after a day, disabling a failing endpoint, and the delivery metrics. */
@WebhookApiTest
class WebhookFailureApiTest extends ApiTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aClientErrorOtherThan429IsFinalAfterOneAttempt() throws Exception {
        try (Receiver receiver = new Receiver(n -> 410)) {
            String hook = subscribe(receiver.url());
            createModel(editor, "gone");
            await().atMost(PATIENCE).until(() -> delivery(hook).get("state").asText().equals("failed"));
            JsonNode d = delivery(hook);
            assertThat(d.get("attemptCount").asInt()).isEqualTo(1);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(410);
            assertThat(d.get("nextAttemptAt").isNull()).isTrue();
            clock.advance(Duration.ofHours(1));
            assertThat(receiver.requests()).as("no retry of a final answer").isEqualTo(1);
        }
    }

    @Test
    void anEndpointFailingForADayIsDisabledWithAnAuditEntryAndItsDeliveryGivenUp() throws Exception {
        try (Receiver receiver = new Receiver(n -> 503)) {
            String hook = subscribe(receiver.url());
            createModel(editor, "doomed");
            await().atMost(PATIENCE).until(() -> delivery(hook).get("attemptCount").asInt() == 1);
            JsonNode failing = admin.get("/api/v1/webhooks/" + hook).json();
            assertThat(failing.get("active").asBoolean()).isTrue();
            assertThat(failing.get("failingSince").isNull()).isFalse();

            clock.advance(Duration.ofHours(25));
            await().atMost(PATIENCE).until(() -> delivery(hook).get("state").asText().equals("failed"));
            assertThat(delivery(hook).get("attemptCount").asInt()).isEqualTo(2);
            JsonNode disabled = admin.get("/api/v1/webhooks/" + hook).json();
            assertThat(disabled.get("active").asBoolean()).as(disabled.toString()).isFalse();
            assertThat(disabled.get("disabledAt").isNull()).isFalse();
            assertThat(disabled.get("disabledReason").asText()).startsWith("failing since");
            JsonNode audit = admin.get("/api/v1/audit-logs?limit=100").json().get("data");
            assertThat(audit.findValuesAsString("action")).contains("webhook.disabled");
            assertThat(audit.toString()).doesNotContain("whsec_");

            // Nothing is sent to a disabled endpoint; re-enabling clears the failure clock.
            createModel(editor, "while-disabled");
            JsonNode enabled = admin.put("/api/v1/webhooks/" + hook, Map.of("active", true)).json();
            assertThat(enabled.get("active").asBoolean()).isTrue();
            assertThat(enabled.get("disabledAt").isNull()).isTrue();
            assertThat(enabled.get("failingSince").isNull()).isTrue();
        }
    }

    @Test
    void deliveriesAndFailuresAreCountedAndTheOldestPendingAgeIsExported() throws Exception {
        try (Receiver receiver = new Receiver(n -> n == 1 ? 500 : 200)) {
            String hook = subscribe(receiver.url());
            createModel(editor, "metered");
            await().atMost(PATIENCE).until(() -> delivery(hook).get("attemptCount").asInt() == 1);
            clock.advance(Duration.ofHours(1));
            await().atMost(PATIENCE).until(() -> delivery(hook).get("state").asText().equals("delivered"));
            String metrics = anonymous.get("/actuator/prometheus").raw();
            assertThat(metrics).contains("verdict_webhooks_deliveries_total{outcome=\"delivered\"",
                    "verdict_webhooks_deliveries_total{outcome=\"failed\"", "verdict_webhooks_failures_total",
                    "verdict_webhooks_oldest_pending_age_seconds");
        }
    }

    private String subscribe(String url) {
        Api.Response r = admin.post("/api/v1/webhooks", Map.of("url", url, "eventTypes", List.of("model.created")));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private JsonNode delivery(String hook) {
        return admin.get("/api/v1/webhooks/" + hook + "/deliveries").json().get("data").get(0);
    }
}
