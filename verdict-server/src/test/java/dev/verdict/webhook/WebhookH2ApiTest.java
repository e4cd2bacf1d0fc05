package dev.verdict.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.ClockTestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The embedded default (H2) records events in the outbox and delivers them signed, in order. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:webhooks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "verdict.security.bootstrap-admin-key=krn_bootstrapbootstrapbootstrapbootstrap000",
        "verdict.data-dir=target/test-data-h2-webhooks",
        "verdict.promotion.enabled=false",
        "verdict.webhooks.allow-insecure-http=true",
        "verdict.webhooks.allow-private-targets=true",
        "verdict.webhooks.poll-interval=100ms"
})
@Import(ClockTestConfig.class)
class WebhookH2ApiTest extends ApiTestBase {

    @Test
    void eventsArriveSignedAndInOrderOnTheEmbeddedDatabase() throws Exception {
        try (Receiver receiver = new Receiver(n -> 200)) {
            Api.Response hook = admin.post("/api/v1/webhooks", Map.of("url", receiver.url()));
            assertThat(hook.status()).as(hook.raw()).isEqualTo(201);
            String secret = hook.json().get("secret").asText();
            String model = createModel(editor, "h2-model");
            for (int i = 0; i < 3; i++) {
                assertThat(editor.put("/api/v1/algorithm-models/" + model, Map.of("name", "Name " + i)).status())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() >= 4);
            List<String> stored = jdbc.sql("SELECT id FROM events WHERE tenant_id = ? ORDER BY seq")
                    .param(tenant.id()).query(String.class).list();
            assertThat(receiver.accepted().stream().map(r -> r.header("Verdict-Event-Id")).toList())
                    .isEqualTo(stored);
            for (Receiver.Received r : receiver.accepted()) {
                WebhookDeliveryApiTest.assertSignedWith(secret, r);
            }
        }
    }
}
