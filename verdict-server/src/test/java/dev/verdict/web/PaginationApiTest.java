package dev.verdict.web;

import static dev.verdict.support.Envelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Cursor pagination, shown on the algorithm-model list. */
@ApiTest
class PaginationApiTest extends ApiTestBase {

    private static final String MODELS = "/api/v1/algorithm-models";

    private List<String> createModels(int n, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(createModel(editor, prefix + i));
        }
        return ids;
    }

    /** Walks every page; fails on a repeated id. */
    private List<String> walk(Api api, String query, int limit) {
        List<String> seen = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response r = api.get(MODELS + "?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            JsonNode pagination = r.json().get("pagination");
            assertThat(pagination.get("limit").asInt()).isEqualTo(limit);
            assertThat(r.json().get("data").size()).isLessThanOrEqualTo(limit);
            for (JsonNode m : r.json().get("data")) {
                String id = m.get("id").asText();
                assertThat(unique.add(id)).as("model %s repeated on page %d with limit %d", id, pages, limit).isTrue();
                seen.add(id);
            }
            assertThat(pagination.get("hasMore").asBoolean()).isEqualTo(!pagination.get("cursor").isNull());
            cursor = pagination.get("cursor").isNull() ? null : pagination.get("cursor").asText();
            pages++;
            assertThat(pages).as("page walk does not end").isLessThan(1000);
        } while (cursor != null);
        return seen;
    }

    @Test
    void defaultLimitIs20() {
        createModels(21, "d");
        Api.Response r = admin.get(MODELS);
        assertThat(r.json().get("data").size()).isEqualTo(20);
        assertThat(r.json().at("/pagination/limit").asInt()).isEqualTo(20);
        assertThat(r.json().at("/pagination/hasMore").asBoolean()).isTrue();
        assertThat(r.json().at("/pagination/total").asLong()).isEqualTo(21);
        assertThat(r.json().at("/pagination/cursor").asText()).isNotBlank();
    }

    @Test
    void limitsOneAndOneHundredAreAccepted() {
        assertThat(admin.get(MODELS + "?limit=1").status()).isEqualTo(200);
        assertThat(admin.get(MODELS + "?limit=100").json().at("/pagination/limit").asInt()).isEqualTo(100);
        Api.Response empty = admin.get(MODELS + "?limit=100");
        assertThat(empty.json().at("/pagination/hasMore").asBoolean()).isFalse();
        assertThat(empty.json().at("/pagination/cursor").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "", "9999999999999", "%20"})
    void limitOutsideOneToOneHundredIs400(String limit) {
        JsonNode error = assertError(admin.get(MODELS + "?limit=" + limit), 400, "VALIDATION_FAILED");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("limit");
        assertError(admin.get("/api/v1/api-keys?limit=" + limit), 400, "VALIDATION_FAILED");
        assertError(admin.get("/api/v1/audit-logs?limit=" + limit), 400, "VALIDATION_FAILED");
    }

    @Test
    void tamperedCursorIs400() {
        createModels(3, "t");
        String cursor = admin.get(MODELS + "?limit=1").json().at("/pagination/cursor").asText();
        int dot = cursor.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)));
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replaceFirst("^\\d", "9").getBytes()) + cursor.substring(dot);
        char last = cursor.charAt(cursor.length() - 1);
        String flipped = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String bad : List.of(forged, flipped, "garbage", "a.b", ".", "x".repeat(600), cursor + "x",
                cursor.substring(0, dot))) {
            Api.Response r = admin.get(MODELS + "?limit=1&cursor=" + bad);
            assertThat(r.status()).as("cursor %s (issued %s)", bad, cursor).isEqualTo(400);
            assertError(r, 400, "VALIDATION_FAILED");
        }
        assertThat(admin.get(MODELS + "?limit=1&cursor=" + cursor).status()).isEqualTo(200);
    }

    @Test
    void cursorFromAnotherTenantOrAnotherFilterIs400() {
        createModels(3, "s");
        String cursor = admin.get(MODELS + "?limit=1").json().at("/pagination/cursor").asText();
        Api stranger = new Api(port, otherTenant().admin());
        for (int i = 0; i < 2; i++) {
            createModel(stranger, "o" + i);
        }
        assertError(stranger.get(MODELS + "?limit=1&cursor=" + cursor), 400, "VALIDATION_FAILED");
        assertError(admin.get(MODELS + "?limit=1&status=draft&cursor=" + cursor), 400, "VALIDATION_FAILED");
        assertError(admin.get(MODELS + "?limit=1&modelType=bayesian&cursor=" + cursor), 400, "VALIDATION_FAILED");

        String filtered = admin.get(MODELS + "?limit=1&status=draft").json().at("/pagination/cursor").asText();
        assertError(admin.get(MODELS + "?limit=1&cursor=" + filtered), 400, "VALIDATION_FAILED");
        assertThat(admin.get(MODELS + "?limit=1&status=draft&cursor=" + filtered).status()).isEqualTo(200);
        // a cursor of one list is not a cursor of another
        String keyCursor = admin.get("/api/v1/api-keys?limit=1").json().at("/pagination/cursor").asText();
        assertError(admin.get(MODELS + "?limit=1&cursor=" + keyCursor), 400, "VALIDATION_FAILED");
    }

    @Test
    void pageWalkNeverSkipsOrRepeats() {
        List<String> created = createModels(45, "w");
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        for (int limit : new int[]{1, 7, 20, 100}) {
            List<String> seen = walk(admin, "", limit);
            assertThat(seen).as("walk with limit %d", limit).containsExactlyInAnyOrderElementsOf(created);
            assertThat(admin.get(MODELS + "?limit=" + limit).json().at("/pagination/total").asLong()).isEqualTo(45);
        }
        assertThat(walk(admin, "&status=draft&modelType=bayesian", 7)).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void pageWalkWithinOneMillisecondIsOrderedById() {
        // models created in the same millisecond are ordered by id, and the cursor breaks the tie
        List<String> ids = new ArrayList<>();
        clock.advance(java.time.Duration.ofDays(1));
        String ts = null;
        for (int i = 0; i < 6; i++) {
            Api.Response r = editor.post(MODELS, Map.of("key", "same" + i, "name", "n", "modelType", "bayesian"));
            ids.add(r.json().get("id").asText());
            ts = r.json().get("createdAt").asText();
        }
        jdbc.sql("UPDATE algorithm_models SET created_at = (SELECT MIN(created_at) FROM algorithm_models a "
                + "WHERE a.tenant_id = ?) WHERE tenant_id = ?").params(tenant.id(), tenant.id()).update();
        assertThat(ts).isNotNull();
        assertThat(walk(admin, "", 1)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(walk(admin, "", 4)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void concurrentInsertsDuringAWalkNeitherRepeatNorHideExistingModels() throws Exception {
        Set<String> existing = new LinkedHashSet<>(createModels(45, "c"));
        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (walking.get() && inserted.get() < 200) {
                Api.Response r = editor.post(MODELS, Map.of("key", "new" + inserted.get(), "name", "n",
                        "modelType", "bayesian"));
                assertThat(r.status()).isEqualTo(201);
                inserted.incrementAndGet();
            }
        });
        List<String> seen;
        try {
            seen = walk(admin, "", 3);
        } finally {
            walking.set(false);
            writer.get();
        }
        assertThat(inserted.get()).as("the writer ran during the walk").isPositive();
        assertThat(seen).containsAll(existing);
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
    }
}
