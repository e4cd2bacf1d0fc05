package dev.verdict.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Failed console logins over real HTTP: after five wrong passwords for one user from one address, even the right
 * password is refused until the failures leave the 15-minute window; another user is not affected.
 */
@ApiTest
class ConsoleLoginThrottleApiTest extends ApiTestBase {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "a-long-enough-password-42";

    @Autowired
    private UserService users;

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

    /** Logs in with a fresh cookie jar; returns where the login answer redirects to. */
    private String login(String user, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
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
