package dev.verdict.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.assignment.AssignmentRetention;
import dev.verdict.outcome.OutcomeRetention;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Retention deletes rows no result or request needs, and never changes a result: the counters keep the history.
 * Run on PostgreSQL and on the embedded H2, with the injected clock moved past expiry and the key window.
 */
abstract class RetentionContract extends ApiTestBase {

    @Autowired
    AssignmentRetention assignmentRetention;
    @Autowired
    OutcomeRetention outcomeRetention;

    @Test
    void endedPhasesAndArchivedExperimentsLoseTheirExpiredRowsButNoResultChanges() {
        String champion = createModel(editor, "champ");
        String challenger = createModel(editor, "chall");
        Api.Response created = editor.post("/api/v1/experiments", Map.of("key", "kept", "name", "Kept",
                "status", "active", "championModelId", champion, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", challenger, "trafficPct", 50))));
        String id = created.json().get("id").asText();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            customers.add("r" + i);
        }
        assign(id, customers);
        convert(id, customers.subList(0, 40), "p1");
        Api.Response promoted = editor.post("/api/v1/experiments/" + id + "/promote", Map.of("modelId", challenger));
        assertThat(promoted.status()).as(promoted.raw()).isEqualTo(201);
        assign(id, customers.subList(0, 50));
        convert(id, customers.subList(0, 10), "p2");
        String phaseOne = results(id, 1);
        String phaseTwo = results(id, 2);

        clock.advance(Duration.ofDays(31));
        long assignments = assignmentRetention.purge(clock.instant());
        long outcomes = outcomeRetention.purge(clock.instant());

        assertThat(assignments).as("expired rows of the ended phase").isEqualTo(150);
        assertThat(count("assignments", id)).as("the running phase keeps its units, expired or not").isEqualTo(50);
        assertThat(count("outcomes", id)).as("outcomes of the running phase are kept").isEqualTo(10);
        assertThat(outcomes).as("phase-1 outcomes and markers whose customers left the phase").isGreaterThan(40);
        assertThat(results(id, 1)).as("phase 1 results after retention").isEqualTo(phaseOne);
        assertThat(results(id, 2)).as("phase 2 results after retention").isEqualTo(phaseTwo);
        // A retry of a deleted phase-1 key is too late to be a replay; it is a new outcome of the current phase.
        assertThat(editor.post("/api/v1/experiments/" + id + "/outcomes", Map.of("customerId", "r0",
                "idempotencyKey", "p1-r0")).status()).isEqualTo(201);

        Api.Response archived = editor.put("/api/v1/experiments/" + id, Map.of("status", "archived"));
        assertThat(archived.status()).as(archived.raw()).isEqualTo(200);
        String archivedResults = results(id, 2);
        clock.advance(Duration.ofDays(31));
        assignmentRetention.purge(clock.instant());
        outcomeRetention.purge(clock.instant());
        assertThat(count("assignments", id)).isZero();
        assertThat(count("outcomes", id)).isZero();
        assertThat(results(id, 2)).isEqualTo(archivedResults);
    }

    private long count(String table, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ? AND experiment_id = ?")
                .params(tenant.id(), id).query(Long.class).single();
    }

    /** The counted sections of a phase's results (the document without the promotion decision's clock). */
    private String results(String id, int phase) {
        Api.Response r = viewer.get("/api/v1/experiments/" + id + "/results?phase=" + phase);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode json = r.json();
        return json.get("variants").toString() + json.get("comparisons") + json.get("versions") + json.get("srm");
    }

    private void assign(String id, List<String> customers) {
        Api.Response r = editor.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", customers));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    private void convert(String id, List<String> customers, String prefix) {
        List<Map<String, Object>> items = new ArrayList<>();
        customers.forEach(c -> items.add(Map.of("customerId", c, "idempotencyKey", prefix + "-" + c, "value", 2.5)));
        Api.Response r = editor.post("/api/v1/experiments/" + id + "/outcomes/batch", Map.of("outcomes", items));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        r.json().get("data").forEach(item -> assertThat(item.get("status").asText()).isEqualTo("recorded"));
    }
}
