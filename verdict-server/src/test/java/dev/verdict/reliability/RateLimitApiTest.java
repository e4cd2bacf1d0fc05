package dev.verdict.reliability;

import static dev.verdict.support.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The per-key rate limit, switched on with a small bucket (a second Spring context, on purpose). */
@ApiTest
@TestPropertySource(properties = {"verdict.rate-limit.enabled=true", "verdict.rate-limit.requests-per-second=5",
        "verdict.rate-limit.burst=5", "verdict.test.database=verdict_rate_limit"})
class RateLimitApiTest extends ApiTestBase {

    @Test
    void sixthQuickRequestOfOneKeyIs429WithRetryAfterWhileAnotherKeyIsUnaffected() throws Exception {
        // Warm the server up with another key, so the burst below is quick (the bucket refills one token per 200 ms).
        for (int i = 0; i < 30; i++) {
            admin.get("/api/v1/me");
        }
        // Six requests of one key at once, so that the bucket cannot refill in between even on a slow machine.
        List<Api.Response> burst = burst(editor, 6);
        assertThat(burst.stream().filter(r -> r.status() == 200).count()).as("%s", burst).isEqualTo(5);
        Api.Response limited = burst.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
        assertError(limited, 429, "RATE_LIMITED");
        assertThat(limited.header("Retry-After")).as("Retry-After of %s", limited).isNotNull();
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.header("Cache-Control")).isEqualTo("no-store");

        Api.Response other = viewer.get("/api/v1/me");
        assertThat(other.status()).as("another key of the same tenant: %s", other).isEqualTo(200);
    }

    private static List<Api.Response> burst(Api api, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.get("/api/v1/me");
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                responses.add(f.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
