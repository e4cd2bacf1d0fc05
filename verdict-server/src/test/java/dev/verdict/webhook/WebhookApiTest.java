package dev.verdict.webhook;

import dev.verdict.support.ClockTestConfig;
import dev.verdict.support.PostgresTestConfig;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * An API test with a local webhook receiver allowed (http, loopback) and a fast poll, on its own PostgreSQL
 * database (so it does not drop the one of the shared API-test context).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "verdict.security.api-key-pepper=test-pepper-0123456789abcdef",
        "verdict.security.bootstrap-admin-key=krn_bootstrapbootstrapbootstrapbootstrap000",
        "verdict.data-dir=target/test-data",
        "verdict.promotion.enabled=false",
        "verdict.test.database=verdict_webhooks",
        "verdict.webhooks.allow-insecure-http=true",
        "verdict.webhooks.allow-private-targets=true",
        "verdict.webhooks.poll-interval=100ms",
        "verdict.webhooks.attempt-timeout=2s"
})
@Import({PostgresTestConfig.class, ClockTestConfig.class})
@interface WebhookApiTest {
}
