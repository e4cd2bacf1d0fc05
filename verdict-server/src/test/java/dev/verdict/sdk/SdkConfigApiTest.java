package dev.verdict.sdk;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Arm;
import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@ApiTest
class SdkConfigApiTest extends ApiTestBase {

    private String champion;
    private String challenger;
    private String experiment;

    @BeforeEach
    void experiments() {
        champion = createModel(admin, "feed-champion");
        challenger = createModel(admin, "feed-challenger");
        experiment = anExperiment("feed-exp").champion(champion, 90).challenger(challenger, 10).holdout(5)
                .active().create(admin);
        anExperiment("feed-draft").champion(champion, 100).create(admin);
    }

    private JsonNode feed(Api api) {
        Api.Response r = api.get("/api/v1/sdk/config");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static JsonNode experiment(JsonNode feed, String key) {
        for (JsonNode e : feed.get("experiments")) {
            if (e.get("key").asText().equals(key)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void listsActiveAndPausedExperimentsWithTheirLayoutAndModelsForAnyRole() {
        JsonNode feed = feed(viewer);
        assertThat(experiment(feed, "feed-draft")).as("drafts are not served").isNull();
        JsonNode e = experiment(feed, "feed-exp");
        assertThat(e.get("id").asText()).isEqualTo(experiment);
        assertThat(e.get("status").asText()).isEqualTo("active");
        assertThat(e.get("phase").asInt()).isEqualTo(1);
        assertThat(e.get("versions")).hasSize(1);
        JsonNode v = e.get("versions").get(0);
        assertThat(v.get("version").asInt()).isEqualTo(e.get("configVersion").asInt());
        assertThat(v.get("holdoutPct").decimalValue()).isEqualByComparingTo("5");
        assertThat(v.get("championPct").decimalValue()).isEqualByComparingTo("90");
        assertThat(v.at("/challengers/0/variant").asText()).isEqualTo("feed-challenger");
        assertThat(v.at("/challengers/0/modelId").asText()).isEqualTo(challenger);
        assertThat(v.at("/challengers/0/pct").decimalValue()).isEqualByComparingTo("10");
        assertThat(v.at("/models/0/variant").asText()).isEqualTo(BucketLayout.CHAMPION);
        assertThat(v.at("/models/0/modelId").asText()).isEqualTo(champion);
        assertThat(v.at("/models/0/modelKey").asText()).isEqualTo("feed-champion");
        assertThat(feed.get("assignmentTtlSeconds").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());

        // The layout in the feed reproduces the server's assignments (assignment.md).
        BucketLayout layout = new BucketLayout(v.get("holdoutPct").decimalValue(), v.get("championPct").decimalValue(),
                List.of(new Arm("feed-challenger", v.at("/challengers/0/pct").decimalValue())));
        for (int i = 0; i < 20; i++) {
            String customer = "C" + i;
            JsonNode a = admin.post("/api/v1/experiments/" + experiment + "/assignments",
                    Map.of("customerId", customer)).json();
            assertThat(a.get("variant").asText()).isEqualTo(layout.variantOf(BucketHash.bucket("feed-exp", customer)));
        }
    }

    @Test
    void answers304ForTheCurrentEtagAndANewEtagAfterAChange() {
        Api.Response first = viewer.get("/api/v1/sdk/config");
        String etag = first.header("ETag");
        assertThat(etag).isEqualTo("\"" + first.json().get("revision").asText() + "\"");
        Api.Response again = viewer.withHeader("If-None-Match", etag).get("/api/v1/sdk/config");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw()).isEmpty();

        clock.advance(Duration.ofDays(1));
        assertThat(admin.put("/api/v1/experiments/" + experiment, Map.of("trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50)))).status()).isEqualTo(200);
        Api.Response changed = viewer.withHeader("If-None-Match", etag).get("/api/v1/sdk/config");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        JsonNode e = experiment(changed.json(), "feed-exp");
        List<Integer> versions = new ArrayList<>();
        e.get("versions").forEach(v -> versions.add(v.get("version").asInt()));
        assertThat(versions).as("the old version can still have live assignments").hasSize(2);
        assertThat(e.at("/versions/1/championPct").decimalValue()).isEqualByComparingTo("50");

        // Thirty days after the change no assignment of the old version is live any more.
        String etag2 = changed.header("ETag");
        clock.advance(Duration.ofDays(31));
        Api.Response aged = viewer.withHeader("If-None-Match", etag2).get("/api/v1/sdk/config");
        assertThat(aged.status()).isEqualTo(200);
        assertThat(experiment(aged.json(), "feed-exp").get("versions")).hasSize(1);
    }

    @Test
    void pausedExperimentsAreListedAndAnotherTenantSeesNone() {
        assertThat(admin.put("/api/v1/experiments/" + experiment, Map.of("status", "paused")).status())
                .isEqualTo(200);
        assertThat(experiment(feed(viewer), "feed-exp").get("status").asText()).isEqualTo("paused");
        Api other = new Api(port, otherTenant().viewer());
        JsonNode theirs = feed(other);
        assertThat(theirs.get("experiments")).isEmpty();
        assertThat(theirs.toString()).doesNotContain(experiment).doesNotContain("feed-exp");
    }

    @Test
    void needsAKey() {
        assertThat(anonymous.get("/api/v1/sdk/config").status()).isEqualTo(401);
    }
}
