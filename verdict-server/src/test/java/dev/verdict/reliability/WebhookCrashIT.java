package dev.verdict.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar on PostgreSQL delivers webhooks to a slow receiver in this test; it is SIGKILLed in the middle of
 * the deliveries and restarted. Every event committed before the kill reaches the receiver at least once, with the
 * same id and body each time (so receivers can deduplicate).
 */
class WebhookCrashIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EVENTS = 60;

    @Test
    void aSigkillInTheMiddleOfDeliveriesLosesNoEvent() throws Exception {
        Map<String, List<String>> bodiesById = new ConcurrentHashMap<>();
        List<String> arrivals = new CopyOnWriteArrayList<>();
        ExecutorService receiverThreads = Executors.newFixedThreadPool(8);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("Verdict-Event-Id");
            try {
                Thread.sleep(150);   // a slow receiver, so that deliveries are in flight when the service dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bodiesById.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(new String(body,
                    java.nio.charset.StandardCharsets.UTF_8));
            arrivals.add(id);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(receiverThreads);
        receiver.start();
        String[] args = {"--verdict.webhooks.allow-insecure-http=true", "--verdict.webhooks.allow-private-targets=true",
                "--verdict.webhooks.poll-interval=100ms", "--verdict.webhooks.attempt-timeout=2s",
                "--verdict.webhooks.lease=5s", "--verdict.webhooks.workers=1"};
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Map<String, String> env = Map.of("SPRING_PROFILES_ACTIVE", "postgres", "DATABASE_URL", url,
                    "DATABASE_USERNAME", "postgres", "DATABASE_PASSWORD", "postgres");
            int receivedAtKill;
            try (ServiceProcess first = ServiceProcess.start("webhooks-1", env, args)) {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> hook = post(http, first.port, "/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hook\"}");
                assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
                dev.verdict.support.TestSecrets.recordKeysIn(hook.body());
                for (int i = 0; i < EVENTS; i++) {
                    HttpResponse<String> r = post(http, first.port, "/api/v1/algorithm-models",
                            "{\"key\":\"m" + i + "\",\"name\":\"M" + i + "\",\"modelType\":\"scorecard\"}");
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> arrivals.size() >= 10);
                first.kill();
                receivedAtKill = new HashSet<>(arrivals).size();
            }
            assertThat(receivedAtKill).as("the kill came in the middle of the deliveries").isLessThan(EVENTS);

            Set<String> committed = new HashSet<>();
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                 ResultSet rs = c.createStatement().executeQuery("SELECT id FROM events")) {
                while (rs.next()) {
                    committed.add(rs.getString(1));
                }
            }
            assertThat(committed).as("events committed before the kill").hasSize(EVENTS);

            try (ServiceProcess second = ServiceProcess.start("webhooks-2", env, args)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> bodiesById.keySet().containsAll(committed));
            }
            List<String> problems = new ArrayList<>();
            bodiesById.forEach((id, bodies) -> {
                if (bodies.stream().distinct().count() != 1) {
                    problems.add(id + " arrived with different bodies");
                }
                if (!id.equals(JSON.readTree(bodies.get(0)).get("id").asText())) {
                    problems.add(id + ": header and body ids differ");
                }
            });
            assertThat(problems).isEmpty();
            assertThat(bodiesById.keySet()).containsExactlyInAnyOrderElementsOf(committed);
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    private static HttpResponse<String> post(HttpClient http, int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ServiceProcess.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
