package dev.verdict.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import dev.verdict.support.SecondInstance;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Console logins over real HTTP. After five wrong passwords for one user from one address, even the right
 * password is refused until the failures leave the 15-minute window; another user is not affected. The failures
 * are counted in the database, so two instances add them up. Deleting a user ends its open sessions, and so do 30
 * idle minutes.
 */
@ApiTest
class ConsoleLoginApiTest extends ApiTestBase {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "a-long-enough-password-42";

    @Autowired
    private UserService users;

    @Autowired
    private LoginThrottle throttle;

    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void noFailuresYet() {
        jdbc.sql("DELETE FROM login_failures").update();
    }

    @Test
    void fiveWrongPasswordsLockTheUserOutOfThisAddressUntilTheWindowPasses() throws Exception {
        users.create(tenant.id(), "throttled", Role.VIEWER, PASSWORD, "test");
        users.create(tenant.id(), "bystander", Role.VIEWER, PASSWORD, "test");
        for (int i = 0; i < 5; i++) {
            assertThat(login("throttled", "wrong-" + i)).as("wrong password %s", i).endsWith("/console/login?error");
        }
        assertThat(login("throttled", PASSWORD)).as("the right password while locked")
                .endsWith("/console/login?locked");
        assertThat(login("bystander", PASSWORD)).as("another user from the same address")
                .endsWith("/console/experiments");

        clock.advance(Duration.ofMinutes(16));
        assertThat(login("throttled", PASSWORD)).as("after the window").endsWith("/console/experiments");
    }

    @Test
    void failuresOnTwoInstancesAddUpAndEitherRefusesTheUser() throws Exception {
        users.create(tenant.id(), "roaming", Role.VIEWER, PASSWORD, "test");
        try (SecondInstance other = SecondInstance.start(dataSource)) {
            for (int i = 0; i < 3; i++) {
                assertThat(login(port, client(), "roaming", "wrong-a" + i)).endsWith("/console/login?error");
            }
            for (int i = 0; i < 2; i++) {
                assertThat(login(other.port(), client(), "roaming", "wrong-b" + i)).as("on the second instance")
                        .endsWith("/console/login?error");
            }
            assertThat(login(other.port(), client(), "roaming", PASSWORD)).as("the second instance, fifth failure")
                    .endsWith("/console/login?locked");
            assertThat(login(port, client(), "roaming", PASSWORD)).as("the first instance")
                    .endsWith("/console/login?locked");
        }
        assertThat(jdbc.sql("SELECT throttle_key FROM login_failures").query(String.class).list())
                .as("only digests are stored").hasSize(5).allMatch(k -> k.trim().matches("[0-9a-f]{64}"));
    }

    @Test
    void aSuccessClearsTheFailuresAndRetentionDeletesThoseThatLeftTheWindow() throws Exception {
        users.create(tenant.id(), "forgetful", Role.VIEWER, PASSWORD, "test");
        users.create(tenant.id(), "gone", Role.VIEWER, PASSWORD, "test");
        for (int i = 0; i < 4; i++) {
            assertThat(login("forgetful", "wrong-" + i)).endsWith("/console/login?error");
        }
        assertThat(login("forgetful", PASSWORD)).endsWith("/console/experiments");
        for (int i = 0; i < 4; i++) {
            assertThat(login("forgetful", "again-" + i)).as("counting starts again after a success")
                    .endsWith("/console/login?error");
        }
        assertThat(login("forgetful", PASSWORD)).endsWith("/console/experiments");

        assertThat(login("gone", "wrong")).endsWith("/console/login?error");
        long stored = jdbc.sql("SELECT COUNT(*) FROM login_failures").query(Long.class).single();
        assertThat(throttle.purge(clock.instant())).as("nothing has left the window yet").isZero();
        assertThat(throttle.purge(clock.instant().plus(Duration.ofMinutes(16)))).isEqualTo(stored);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM login_failures").query(Long.class).single()).isZero();
    }

    @Test
    void deletingAUserEndsItsOpenSessions() throws Exception {
        UserService.CreatedUser created = users.create(tenant.id(), "leaving", Role.VIEWER, PASSWORD, "test");
        HttpClient http = client();
        assertThat(login(http, "leaving", PASSWORD)).endsWith("/console/experiments");
        assertThat(get(http, "/console/experiments").statusCode()).isEqualTo(200);

        users.delete(tenant.id(), created.id(), "test");
        HttpResponse<String> after = get(http, "/console/experiments");
        assertThat(after.statusCode()).as("the old session after the user was deleted").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).contains("/console/login");
    }

    @Test
    void aSessionIdleForLongerThanThirtyMinutesIsOver() throws Exception {
        users.create(tenant.id(), "idle", Role.VIEWER, PASSWORD, "test");
        HttpClient http = client();
        assertThat(login(http, "idle", PASSWORD)).endsWith("/console/experiments");
        String principal = tenant.id() + "/idle";
        assertThat(jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE principal_name = ?")
                .param(principal).query(Integer.class).single()).as("the idle timeout, in seconds").isEqualTo(1800);

        // Spring Session compares the last access with the wall clock: move the last access 31 minutes back.
        long thirtyOneMinutes = Duration.ofMinutes(31).toMillis();
        jdbc.sql("UPDATE spring_session SET last_access_time = last_access_time - ?, expiry_time = expiry_time - ? "
                + "WHERE principal_name = ?").params(thirtyOneMinutes, thirtyOneMinutes, principal).update();
        HttpResponse<String> after = get(http, "/console/experiments");
        assertThat(after.statusCode()).as("a request on the idle session").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).contains("/console/login");
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in with a fresh cookie jar; returns where the login answer redirects to. */
    private String login(String user, String password) throws IOException, InterruptedException {
        return login(client(), user, password);
    }

    /** Logs in with the client's cookie jar; returns where the login answer redirects to. */
    private String login(HttpClient http, String user, String password) throws IOException, InterruptedException {
        return login(port, http, user, password);
    }

    /** Logs in on the instance at {@code onPort}; returns where the login answer redirects to. */
    private String login(int onPort, HttpClient http, String user, String password)
            throws IOException, InterruptedException {
        String base = "http://localhost:" + onPort;
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("the login page has a CSRF token").isTrue();
        String form = "_csrf=" + enc(csrf.group(1)) + "&tenant=" + enc(tenant.id()) + "&username=" + enc(user)
                + "&password=" + enc(password);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("login answers with a redirect").isEqualTo(302);
        return answer.headers().firstValue("Location").orElse("");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
