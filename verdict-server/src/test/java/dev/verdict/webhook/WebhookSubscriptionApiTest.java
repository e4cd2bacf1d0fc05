package dev.verdict.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.TestTenants;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The subscriptions API: admin only, paginated, audited, the secret shown once, clear validation errors. */
@WebhookApiTest
class WebhookSubscriptionApiTest extends ApiTestBase {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Test
    void createShowsTheSecretOnceAndNeverAgain() {
        Api.Response created = admin.post("/api/v1/webhooks", Map.of("url", URL, "description", "ops"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        assertThat(id).startsWith("whk_");
        assertThat(secret).matches("whsec_[A-Za-z0-9_-]{43}");
        assertThat(created.json().get("eventTypes").toString()).isEqualTo("[\"*\"]");
        assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);

        assertThat(admin.get("/api/v1/webhooks/" + id).raw()).doesNotContain(secret).doesNotContain("whsec_");
        assertThat(admin.get("/api/v1/webhooks").raw()).doesNotContain("whsec_");
        assertThat(admin.get("/api/v1/audit-logs?limit=100").raw()).contains("webhook.created")
                .doesNotContain("whsec_");
    }

    @Test
    void listIsPaginatedNewestFirstLikeTheOtherLists() {
        for (int i = 0; i < 3; i++) {
            assertThat(admin.post("/api/v1/webhooks", Map.of("url", URL + i)).status()).isEqualTo(201);
        }
        JsonNode page = admin.get("/api/v1/webhooks?limit=2").json();
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("data").get(0).get("url").asText()).isEqualTo(URL + 2);
        assertThat(page.get("pagination").get("hasMore").asBoolean()).isTrue();
        assertThat(page.get("pagination").get("total").asLong()).isEqualTo(3);
        JsonNode next = admin.get("/api/v1/webhooks?limit=2&cursor=" + page.get("pagination").get("cursor")
                .asText()).json();
        assertThat(next.get("data")).hasSize(1);
        assertThat(next.get("data").get(0).get("url").asText()).isEqualTo(URL + 0);
        assertThat(next.get("pagination").get("hasMore").asBoolean()).isFalse();
        assertThat(admin.get("/api/v1/webhooks?limit=0").errorCode()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void updateAndDeleteAreAuditedAndAnotherTenantsSubscriptionIsNotFound() {
        String id = admin.post("/api/v1/webhooks", Map.of("url", URL)).json().get("id").asText();
        Api.Response updated = admin.put("/api/v1/webhooks/" + id, Map.of("eventTypes",
                List.of("experiment.promoted", "experiment.srm_detected"), "active", false));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.json().get("active").asBoolean()).isFalse();
        assertThat(updated.json().get("url").asText()).isEqualTo(URL);

        TestTenants.Tenant other = otherTenant();
        Api stranger = new Api(port, other.admin());
        assertThat(stranger.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.put("/api/v1/webhooks/" + id, Map.of("active", true)).status()).isEqualTo(404);
        assertThat(stranger.delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/webhooks").json().get("data")).isEmpty();

        assertThat(admin.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        String audit = admin.get("/api/v1/audit-logs?limit=100").raw();
        assertThat(audit).contains("webhook.updated", "webhook.deleted").doesNotContain("whsec_");
    }

    @Test
    void theWebhookEndpointsAreInTheOpenApiDescription() {
        String doc = anonymous.get("/v3/api-docs").raw();
        assertThat(doc).contains("\"/api/v1/webhooks\"", "\"/api/v1/webhooks/{id}\"",
                "\"/api/v1/webhooks/{id}/deliveries\"", "\"/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver\"",
                "Verdict-Signature").doesNotContain("whsec_A");
    }

    @Test
    void onlyAdminsManageWebhooks() {
        String id = admin.post("/api/v1/webhooks", Map.of("url", URL)).json().get("id").asText();
        for (Api api : List.of(editor, viewer)) {
            assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(403);
            assertThat(api.get("/api/v1/webhooks/" + id).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/webhooks", Map.of("url", URL)).status()).isEqualTo(403);
            assertThat(api.delete("/api/v1/webhooks/" + id).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(403);
        }
        assertThat(anonymous.get("/api/v1/webhooks").status()).isEqualTo(401);
    }

    @Test
    void invalidSubscriptionsAreClearFourHundreds() {
        Map<Object, String> cases = Map.of(
                Map.of(), "url: is required",
                Map.of("url", "ftp://example.com/x"), "url: must be an http or https URL",
                Map.of("url", "not a url"), "url: is not a valid URL",
                Map.of("url", "https://user:pw@example.com/x"), "url: must not carry user information",
                Map.of("url", URL, "eventTypes", List.of("experiment.exploded")), "eventTypes: unknown event type",
                Map.of("url", URL, "eventTypes", List.of()), "eventTypes: must name at least one");
        cases.forEach((body, message) -> {
            Api.Response r = admin.post("/api/v1/webhooks", body);
            assertThat(r.status()).as(body + " -> " + r.raw()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(r.json().get("error").get("message").asText()).as(body.toString()).startsWith(message);
        });
        assertThat(admin.get("/api/v1/webhooks").json().get("pagination").get("total").asLong()).isZero();
    }

    @Test
    void redeliverSendsADeliveryAgainAndUnknownDeliveriesAreNotFound() throws Exception {
        try (Receiver receiver = new Receiver(n -> 200)) {
            String id = admin.post("/api/v1/webhooks", Map.of("url", receiver.url())).json().get("id").asText();
            createModel(editor, "again");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> receiver.accepted().size() == 1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> admin.get(
                    "/api/v1/webhooks/" + id + "/deliveries").json().get("data").get(0).get("state").asText()
                    .equals("delivered"));
            String delivery = admin.get("/api/v1/webhooks/" + id + "/deliveries").json().get("data").get(0)
                    .get("id").asText();
            Api.Response again = admin.post("/api/v1/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", null);
            assertThat(again.status()).as(again.raw()).isEqualTo(202);
            assertThat(again.json().get("state").asText()).isEqualTo("pending");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted().get(1).header("Verdict-Event-Id"))
                    .isEqualTo(receiver.accepted().get(0).header("Verdict-Event-Id"));
            assertThat(admin.post("/api/v1/webhooks/" + id + "/deliveries/dlv_nope/redeliver", null).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void promotionsArePublishedWithTheirEvidence() {
        String champion = createModel(editor, "p-champ");
        String challenger = createModel(editor, "p-chall");
        String experiment = editor.post("/api/v1/experiments", Map.of("key", "promo", "name", "Promo",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50)))).json().get("id").asText();
        Api.Response promoted = editor.post("/api/v1/experiments/" + experiment + "/promote",
                Map.of("modelId", challenger, "reason", "manual"));
        assertThat(promoted.status()).as(promoted.raw()).isIn(200, 201);
        String payload = jdbc.sql("SELECT payload FROM events WHERE tenant_id = ? AND type = 'experiment.promoted'")
                .param(tenant.id()).query(String.class).single();
        JsonNode data = Api.json().readTree(payload).get("data");
        assertThat(data.get("experiment").get("championModelId").asText()).isEqualTo(challenger);
        assertThat(data.get("promotion").get("toModelId").asText(data.get("promotion").toString()))
                .isNotNull();
        assertThat(data.get("promotion").has("evidence")).as(data.get("promotion").toString()).isTrue();
    }
}
