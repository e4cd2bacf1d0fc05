package dev.verdict.experiment;

import static dev.verdict.experiment.ExperimentBuilder.anExperiment;
import static dev.verdict.experiment.ExperimentCreateApiTest.assertError;
import static dev.verdict.experiment.ExperimentCreateApiTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/experiments and /{id}: the representation, embedded models, pagination and the status filter. */
@ApiTest
class ExperimentReadApiTest extends ApiTestBase {

    private static final String EXPERIMENTS = "/api/v1/experiments";

    @Test
    void getReturnsTheRepresentationWithEmbeddedModels() {
        String champion = createModel(editor, "scorecard-v1");
        String challenger = createModel(editor, "bayesian-v1");
        String id = editor.post(EXPERIMENTS, anExperiment().key("k1").champion(champion, 80)
                .withChallenger(challenger, 20).body()).json().get("id").asText();

        Api.Response r = viewer.get(EXPERIMENTS + "/" + id);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode e = r.json();
        assertThat(e.propertyNames()).contains("id", "key", "name", "description", "status", "championModelId",
                "championModel", "trafficSplit", "challengers", "holdoutPercent", "autoPromote",
                "promoteThreshold", "promoteAfterDays", "results", "startedAt", "createdAt", "updatedAt");
        assertThat(e.get("championModel").propertyNames())
                .contains("id", "key", "name", "modelType", "status", "version");
        assertThat(e.get("championModel").get("id").asText()).isEqualTo(champion);
        assertThat(e.get("trafficSplit").propertyNames()).containsExactly("championPct");
        JsonNode c = e.get("challengers").get(0);
        assertThat(c.propertyNames()).contains("modelId", "trafficPct", "model");
        assertThat(c.get("model").get("id").asText()).isEqualTo(challenger);
        assertThat(c.get("model").get("name").asText()).isEqualTo("Model bayesian-v1");
        assertThat(c.get("model").get("modelType").asText()).isEqualTo("bayesian");
    }

    @Test
    void listEmbedsChampionAndChallengerModels() {
        String champion = createModel(editor, "scorecard-v1");
        String challenger = createModel(editor, "bayesian-v1");
        editor.post(EXPERIMENTS, anExperiment().champion(champion, 50).withChallenger(challenger, 50).body());
        editor.post(EXPERIMENTS, anExperiment().body());

        Api.Response r = viewer.get(EXPERIMENTS);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        assertThat(data).hasSize(2);
        JsonNode withModels = data.get(1);
        assertThat(withModels.get("championModel").get("key").asText()).isEqualTo("scorecard-v1");
        assertThat(withModels.get("challengers").get(0).get("model").get("key").asText()).isEqualTo("bayesian-v1");
        assertThat(data.get(0).get("championModel").isNull()).isTrue();
        JsonNode pagination = r.json().get("pagination");
        assertThat(pagination.get("total").asLong()).isEqualTo(2);
        assertThat(pagination.get("limit").asInt()).isEqualTo(20);
        assertThat(pagination.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void listIsScopedToTheTenant() {
        editor.post(EXPERIMENTS, anExperiment().body());
        Api other = new Api(port, otherTenant().viewer());

        assertThat(other.get(EXPERIMENTS).json().get("data")).isEmpty();
        assertThat(other.get(EXPERIMENTS).json().get("pagination").get("total").asLong()).isZero();
    }

    @Test
    void walksAllPagesWithoutSkipsOrRepeatsAtEveryLimit() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            Api.Response r = editor.post(EXPERIMENTS, anExperiment().key("p-" + i).body());
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            created.add(r.json().get("id").asText());
        }

        Api.Response first = viewer.get(EXPERIMENTS);
        assertThat(first.json().get("data")).as("default limit").hasSize(20);
        assertThat(first.json().get("pagination").get("limit").asInt()).isEqualTo(20);
        assertThat(first.json().get("pagination").get("total").asLong()).isEqualTo(250);

        for (int limit : new int[] {1, 20, 100}) {
            List<String> seen = walk(EXPERIMENTS + "?limit=" + limit, limit);
            assertThat(seen).as("limit " + limit).doesNotHaveDuplicates().hasSize(250);
            assertThat(new HashSet<>(seen)).as("limit " + limit).isEqualTo(created);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1.5"})
    void rejectsALimitOutside1To100(String limit) {
        assertError(viewer.get(EXPERIMENTS + "?limit=" + limit), 400, null);
    }

    @Test
    void rejectsAForgedCursor() {
        assertError(viewer.get(EXPERIMENTS + "?cursor=not-a-cursor"), 400, null);
    }

    @Test
    void filtersByStatus() {
        String champion = createModel(editor, "c");
        String draft = editor.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();
        String active = editor.post(EXPERIMENTS, anExperiment().champion(champion, 100).active().body()).json()
                .get("id").asText();
        String archived = editor.post(EXPERIMENTS, anExperiment().body()).json().get("id").asText();
        editor.put(EXPERIMENTS + "/" + archived, Map.of("status", "archived"));

        assertThat(ids(viewer.get(EXPERIMENTS + "?status=draft").json())).containsExactly(draft);
        assertThat(ids(viewer.get(EXPERIMENTS + "?status=active").json())).containsExactly(active);
        assertThat(ids(viewer.get(EXPERIMENTS + "?status=archived").json())).containsExactly(archived);
        assertThat(ids(viewer.get(EXPERIMENTS + "?status=paused").json())).isEmpty();
        assertThat(viewer.get(EXPERIMENTS + "?status=draft").json().get("pagination").get("total").asLong())
                .isEqualTo(1);
        assertThat(ids(viewer.get(EXPERIMENTS).json())).containsExactlyInAnyOrder(draft, active, archived);
        assertError(viewer.get(EXPERIMENTS + "?status=bogus"), 400, null);
    }

    @Test
    void paginatesWithinAStatusFilter() {
        for (int i = 0; i < 5; i++) {
            editor.post(EXPERIMENTS, anExperiment().body());
            editor.post(EXPERIMENTS, anExperiment().status("archived").body());
        }

        List<String> drafts = walk(EXPERIMENTS + "?status=draft&limit=2", 2);

        assertThat(drafts).hasSize(5).doesNotHaveDuplicates();
        drafts.forEach(id -> assertThat(viewer.get(EXPERIMENTS + "/" + id).json().get("status").asText())
                .isEqualTo("draft"));
    }

    @Test
    void answers404ForAnUnknownOrForeignExperiment() {
        assertError(viewer.get(EXPERIMENTS + "/exp_unknown"), 404, "NOT_FOUND");
        String foreign = new Api(port, otherTenant().editor()).post(EXPERIMENTS, anExperiment().body()).json()
                .get("id").asText();
        assertError(admin.get(EXPERIMENTS + "/" + foreign), 404, "NOT_FOUND");
    }

    private List<String> walk(String firstPage, int limit) {
        List<String> seen = new ArrayList<>();
        String next = firstPage;
        int pages = 0;
        while (next != null) {
            Api.Response r = viewer.get(next);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            JsonNode page = r.json();
            assertThat(page.get("data").size()).isLessThanOrEqualTo(limit);
            seen.addAll(ids(page));
            JsonNode p = page.get("pagination");
            if (p.get("hasMore").asBoolean()) {
                String cursor = p.get("cursor").asText();
                next = firstPage + "&cursor=" + java.net.URLEncoder.encode(cursor,
                        java.nio.charset.StandardCharsets.UTF_8);
            } else {
                assertThat(p.get("cursor").isNull()).isTrue();
                next = null;
            }
            assertThat(++pages).as("page count").isLessThanOrEqualTo(260);
        }
        return seen;
    }
}
