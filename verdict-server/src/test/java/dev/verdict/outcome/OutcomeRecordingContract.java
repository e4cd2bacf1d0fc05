package dev.verdict.outcome;

import static dev.verdict.support.ExperimentBuilder.anExperiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Outcome recording over real HTTP: idempotency, validation, first-per-customer counting, batch. Run on PostgreSQL
 * ({@link OutcomeApiTest}: one statement per group commit) and on H2 ({@link OutcomeH2ApiTest}: one transaction of
 * several steps), the two write paths of {@code OutcomeRepository}.
 */
abstract class OutcomeRecordingContract extends ApiTestBase {

    private String experimentId;
    private String path;

    /** customers, events, value_sum of one (variant, outcome), summed over slots. */
    private record Counter(long customers, long events, double valueSum) { }

    @BeforeEach
    void activeExperimentWithAssignedCustomers() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chal");
        experimentId = anExperiment("outcomes").champion(champion, 50).challenger(challenger, 50).active()
                .create(editor);
        path = "/api/v1/experiments/" + experimentId + "/outcomes";
        Api.Response r = editor.post("/api/v1/experiments/" + experimentId + "/assignments/batch",
                Map.of("customerIds", List.of("C1", "C2", "C3", "C4", "C5")));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    private String variantOf(String customer) {
        return jdbc.sql("SELECT variant FROM assignments WHERE tenant_id = ? AND experiment_id = ? AND customer_id = ?")
                .params(tenant.id(), experimentId, customer).query(String.class).single();
    }

    private Map<String, Counter> counters() {
        Map<String, Counter> out = new HashMap<>();
        jdbc.sql("SELECT variant, outcome, SUM(customers), SUM(events), SUM(value_sum) FROM outcome_counts "
                        + "WHERE tenant_id = ? AND experiment_id = ? GROUP BY variant, outcome")
                .params(tenant.id(), experimentId)
                .query(rs -> {
                    out.put(rs.getString(1) + "/" + rs.getString(2),
                            new Counter(rs.getLong(3), rs.getLong(4), rs.getDouble(5)));
                });
        return out;
    }

    private long outcomeRows() {
        return jdbc.sql("SELECT COUNT(*) FROM outcomes WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), experimentId).query(Long.class).single();
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void recordsAnOutcomeAttributedToTheAssignedVariantAndDefaultsToConversion() {
        Api.Response r = editor.post(path, body("customerId", "C1", "idempotencyKey", "k-default", "value", 12.5));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        JsonNode o = r.json();
        assertThat(o.get("outcome").asText()).isEqualTo("conversion");
        assertThat(o.get("variant").asText()).isEqualTo(variantOf("C1"));
        assertThat(o.get("customerId").asText()).isEqualTo("C1");
        assertThat(o.get("value").asDouble()).isEqualTo(12.5);
        assertThat(o.get("idempotencyKey").asText()).isEqualTo("k-default");
        assertThat(o.get("occurredAt").asText()).as("occurredAt defaults to now").isEqualTo(o.get("recordedAt").asText());
        assertThat(o.get("phase").asInt()).isEqualTo(1);
        assertThat(counters()).containsEntry(variantOf("C1") + "/conversion", new Counter(1, 1, 12.5));

        Api.Response click = admin.post(path, body("customerId", "C1", "idempotencyKey", "k-click",
                "outcome", "click", "occurredAt", "2026-03-01T10:00:00.000Z"));
        assertThat(click.status()).as(click.raw()).isEqualTo(201);
        assertThat(click.json().get("outcome").asText()).isEqualTo("click");
        assertThat(click.json().get("occurredAt").asText()).isEqualTo("2026-03-01T10:00:00.000Z");
    }

    @Test
    void aClientThatAcceptsNoJsonGets406AndNoOutcomeIsStored() {
        Api.Response refused = editor.withHeader("Accept", "text/html")
                .post(path, body("customerId", "C1", "idempotencyKey", "k-html"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(406);
        assertThat(refused.errorCode()).isEqualTo("NOT_ACCEPTABLE");
        assertThat(outcomeRows()).as("a 406 stores nothing").isZero();
        assertThat(counters()).isEmpty();

        Api.Response recorded = editor.withHeader("Accept", "application/json")
                .post(path, body("customerId", "C1", "idempotencyKey", "k-html"));
        assertThat(recorded.status()).as("the key was not used by the refused request: %s", recorded.raw())
                .isEqualTo(201);
    }

    @Test
    void replayWithTheSameKeyAndBodyAnswers200WithTheOriginalAndCountsNothingTwice() {
        Map<String, Object> request = body("customerId", "C2", "idempotencyKey", "k-replay", "value", 10,
                "outcome", "purchase");
        Api.Response first = editor.post(path, request);
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        Map<String, Counter> before = counters();

        for (int i = 0; i < 3; i++) {
            Api.Response replay = editor.post(path, request);
            assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
            assertThat(replay.json()).isEqualTo(first.json());
        }
        Api.Response sameValueOtherSpelling = editor.post(path, body("customerId", "C2", "idempotencyKey",
                "k-replay", "value", 10.0, "outcome", "purchase"));
        assertThat(sameValueOtherSpelling.status()).as(sameValueOtherSpelling.raw()).isEqualTo(200);

        assertThat(counters()).isEqualTo(before);
        assertThat(outcomeRows()).isEqualTo(1);
        assertThat(before).containsEntry(variantOf("C2") + "/purchase", new Counter(1, 1, 10.0));
    }

    @Test
    void sameKeyWithADifferentBodyIs409IdempotencyConflict() {
        assertThat(editor.post(path, body("customerId", "C1", "idempotencyKey", "k-c", "value", 1)).status())
                .isEqualTo(201);
        Map<String, Counter> before = counters();
        for (Map<String, Object> other : List.of(
                body("customerId", "C1", "idempotencyKey", "k-c", "value", 2),
                body("customerId", "C2", "idempotencyKey", "k-c", "value", 1),
                body("customerId", "C1", "idempotencyKey", "k-c", "value", 1, "outcome", "click"),
                body("customerId", "C1", "idempotencyKey", "k-c"))) {
            Api.Response r = editor.post(path, other);
            assertThat(r.status()).as("%s: %s", other, r.raw()).isEqualTo(409);
            assertThat(r.errorCode()).isEqualTo("IDEMPOTENCY_CONFLICT");
        }
        assertThat(counters()).isEqualTo(before);
        assertThat(outcomeRows()).isEqualTo(1);
    }

    @Test
    void acceptsTheKeyInTheIdempotencyKeyHeader() {
        Api withKey = editor.withHeader("Idempotency-Key", "hdr-1");
        Api.Response first = withKey.post(path, body("customerId", "C3"));
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.json().get("idempotencyKey").asText()).isEqualTo("hdr-1");
        Api.Response replay = withKey.post(path, body("customerId", "C3"));
        assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        Api.Response sameInBody = editor.post(path, body("customerId", "C3", "idempotencyKey", "hdr-1"));
        assertThat(sameInBody.status()).as("the header and the body name the same key").isEqualTo(200);
        Api.Response mismatch = withKey.post(path, body("customerId", "C3", "idempotencyKey", "other"));
        assertThat(mismatch.status()).as(mismatch.raw()).isEqualTo(400);
        assertThat(outcomeRows()).isEqualTo(1);
    }

    @Test
    void rejectsAMissingIdempotencyKeyWith400() {
        Api.Response r = editor.post(path, body("customerId", "C1"));
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.raw()).contains("idempotencyKey");
        assertThat(editor.post(path, body("customerId", "C1", "idempotencyKey", "")).status()).isEqualTo(400);
        assertThat(editor.withHeader("Idempotency-Key", " ").post(path, body("customerId", "C1")).status())
                .isEqualTo(400);
        assertThat(outcomeRows()).isZero();
    }

    @Test
    void customerWithoutAssignmentIs404NotAssigned() {
        Api.Response r = editor.post(path, body("customerId", "STRANGER", "idempotencyKey", "k-s"));
        assertThat(r.status()).as(r.raw()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("NOT_ASSIGNED");
        assertThat(outcomeRows()).isZero();
        assertThat(counters()).isEmpty();
        Api.Response retryAfterAssignment = editor.post(path, body("customerId", "C1", "idempotencyKey", "k-s"));
        assertThat(retryAfterAssignment.status()).as("a key of a failed call is not used up").isEqualTo(201);
    }

    @Test
    void rejectsInvalidOutcomeKeysWith400() {
        for (String bad : List.of("", "Conversion", "add-to-cart", "a b", "x".repeat(65), "ünï")) {
            Api.Response r = editor.post(path, body("customerId", "C1", "idempotencyKey", "k-" + bad.hashCode(),
                    "outcome", bad));
            assertThat(r.status()).as("outcome '%s': %s", bad, r.raw()).isEqualTo(400);
        }
        assertThat(editor.post(path, body("customerId", "C1", "idempotencyKey", "k-ok", "outcome",
                "a_1".repeat(21) + "z")).status()).as("64 characters").isEqualTo(201);
        assertThat(outcomeRows()).isEqualTo(1);
    }

    @Test
    void rejectsNonFiniteOrHugeValuesWith400() {
        for (String raw : List.of("1e309", "-1e309", "1e13", "NaN", "\"Infinity\"", "\"12\"")) {
            Api.Response r = editor.send("POST", path,
                    "{\"customerId\":\"C1\",\"idempotencyKey\":\"k-v\",\"value\":" + raw + "}", "application/json");
            assertThat(r.status()).as("value %s: %s", raw, r.raw()).isEqualTo(400);
        }
        assertThat(outcomeRows()).isZero();
        Api.Response max = editor.send("POST", path,
                "{\"customerId\":\"C1\",\"idempotencyKey\":\"k-v\",\"value\":-1e12}", "application/json");
        assertThat(max.status()).as(max.raw()).isEqualTo(201);
        assertThat(max.json().get("value").asDouble()).isEqualTo(-1e12);
    }

    @Test
    void aCustomerWithThreeConversionsCountsOnceAsCustomerAndThreeTimesAsEvent() {
        for (int i = 1; i <= 3; i++) {
            Api.Response r = editor.post(path, body("customerId", "C4", "idempotencyKey", "conv-" + i, "value", i));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
        }
        assertThat(editor.post(path, body("customerId", "C5", "idempotencyKey", "conv-c5")).status()).isEqualTo(201);
        String v4 = variantOf("C4");
        String v5 = variantOf("C5");
        Counter expected4 = new Counter(1, 3, 6.0);
        if (v4.equals(v5)) {
            assertThat(counters()).containsEntry(v4 + "/conversion", new Counter(2, 4, 6.0));
        } else {
            assertThat(counters()).containsEntry(v4 + "/conversion", expected4)
                    .containsEntry(v5 + "/conversion", new Counter(1, 1, 0.0));
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outcome_firsts WHERE tenant_id = ? AND experiment_id = ? "
                + "AND customer_id = 'C4'").params(tenant.id(), experimentId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void batchRecordsTheValidItemsAndReportsEachOtherItemsError() {
        assertThat(editor.post(path, body("customerId", "C1", "idempotencyKey", "pre", "value", 5)).status())
                .isEqualTo(201);
        List<Object> items = new ArrayList<>();
        items.add(body("customerId", "C1", "idempotencyKey", "b-1", "value", 1));            // 0 recorded
        items.add(body("customerId", "C2", "idempotencyKey", "b-2", "outcome", "click"));    // 1 recorded
        items.add(body("customerId", "C1", "idempotencyKey", "pre", "value", 5));            // 2 duplicate
        items.add(body("customerId", "C1", "idempotencyKey", "pre", "value", 6));            // 3 conflict
        items.add(body("customerId", "NOBODY", "idempotencyKey", "b-4"));                    // 4 not assigned
        items.add(body("customerId", "C3", "idempotencyKey", "b-5", "outcome", "Bad-Key"));  // 5 invalid outcome
        items.add(body("customerId", "C3"));                                                  // 6 missing key
        items.add(body("customerId", "C3", "idempotencyKey", "b-7", "value", 1e13));         // 7 value too big
        items.add(body("customerId", "C2", "idempotencyKey", "b-1", "value", 1));            // 8 conflict within batch
        items.add(body("customerId", "C1", "idempotencyKey", "b-1", "value", 1));            // 9 duplicate within batch
        items.add(body("customerId", "C3", "idempotencyKey", "b-10"));                       // 10 recorded
        Api.Response r = editor.post(path + "/batch", Map.of("outcomes", items));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        assertThat(data).hasSize(items.size());
        List<String> statuses = new ArrayList<>();
        data.forEach(d -> statuses.add(d.get("status").asText()));
        assertThat(statuses).as(r.raw()).containsExactly("recorded", "recorded", "duplicate", "error", "error",
                "error", "error", "error", "error", "duplicate", "recorded");
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(data.get(3).get("error").get("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(data.get(4).get("error").get("code").asText()).isEqualTo("NOT_ASSIGNED");
        assertThat(data.get(5).get("error").get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(data.get(6).get("error").get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(data.get(7).get("error").get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(data.get(8).get("error").get("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(data.get(4).get("error").get("message").asText()).isNotBlank();
        assertThat(data.get(2).get("outcome").get("value").asDouble()).isEqualTo(5.0);
        assertThat(data.get(9).get("outcome").get("id")).isEqualTo(data.get(0).get("outcome").get("id"));

        List<String> stored = jdbc.sql("SELECT idempotency_key FROM outcomes WHERE tenant_id = ? AND experiment_id = ? "
                + "ORDER BY idempotency_key").params(tenant.id(), experimentId).query(String.class).list();
        assertThat(stored).containsExactly("b-1", "b-10", "b-2", "pre");
        long events = jdbc.sql("SELECT SUM(events) FROM outcome_counts WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), experimentId).query(Long.class).single();
        assertThat(events).isEqualTo(4);
    }

    @Test
    void batchRejectsAnEmptyOrOversizedListWith400() {
        assertThat(editor.post(path + "/batch", Map.of("outcomes", List.of())).status()).isEqualTo(400);
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(body("customerId", "C1", "idempotencyKey", "many-" + i));
        }
        assertThat(editor.post(path + "/batch", Map.of("outcomes", tooMany)).status()).isEqualTo(400);
        assertThat(outcomeRows()).isZero();
    }

    @Test
    void onlyAdminsAndEditorsMayRecordOutcomes() {
        assertThat(viewer.post(path, body("customerId", "C1", "idempotencyKey", "r-1")).status()).isEqualTo(403);
        assertThat(viewer.post(path + "/batch", Map.of("outcomes", List.of(body("customerId", "C1",
                "idempotencyKey", "r-2")))).status()).isEqualTo(403);
        assertThat(anonymous.post(path, body("customerId", "C1", "idempotencyKey", "r-3")).status()).isEqualTo(401);
        assertThat(outcomeRows()).isZero();
        Api.Response unknown = editor.post("/api/v1/experiments/exp_nope/outcomes",
                body("customerId", "C1", "idempotencyKey", "r-4"));
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
    }
}
