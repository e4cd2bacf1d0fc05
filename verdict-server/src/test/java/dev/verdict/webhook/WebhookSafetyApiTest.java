package dev.verdict.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the default configuration: https only, and no loopback, link-local, private or multicast targets. */
@ApiTest
class WebhookSafetyApiTest extends ApiTestBase {

    @Test
    void privateTargetsAreRefusedByDefault() {
        for (String url : List.of("https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook",
                "https://192.168.0.10/hook", "https://172.16.5.5/hook", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://224.0.0.1/hook",
                "https://0.0.0.0/hook", "https://[::ffff:127.0.0.1]/hook")) {
            Api.Response r = admin.post("/api/v1/webhooks", Map.of("url", url));
            assertThat(r.status()).as(url + " -> " + r.raw()).isEqualTo(400);
            assertThat(r.json().get("error").get("message").asText()).as(url).contains("non-public address");
        }
        Api.Response http = admin.post("/api/v1/webhooks", Map.of("url", "http://hooks.example.com/x"));
        assertThat(http.status()).isEqualTo(400);
        assertThat(http.json().get("error").get("message").asText()).contains("must be an https URL");
        assertThat(admin.get("/api/v1/webhooks").json().get("pagination").get("total").asLong()).isZero();
    }

    @Test
    void theConnectTimeCheckResolvesTheHostAndRefusesAPrivateAnswer() throws Exception {
        TargetGuard strict = new TargetGuard(new WebhookProperties(true, false, false, 1, null, null, null, null,
                null, null, null));
        // "localhost" is a name: only resolution shows that it is loopback
        assertThatThrownBy(() -> strict.resolveAndCheck(URI.create("https://localhost/hook")))
                .isInstanceOf(TargetGuard.RefusedTarget.class);
        assertThat(TargetGuard.isPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
        assertThat(TargetGuard.isPublic(InetAddress.getByName("2606:2800:220:1::1"))).isTrue();
        assertThat(TargetGuard.isPublic(InetAddress.getByName("100.64.0.1"))).isFalse();
    }
}
