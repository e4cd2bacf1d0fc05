package dev.verdict.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions on the error envelope {@code {"error":{"code","message","status"}}} and on what it must never leak. */
public final class Envelope {

    /** Text that would reveal internals: Java types, stack frames, SQL or driver messages. */
    private static final List<String> LEAKS = List.of("java.", "javax.", "jakarta.", "tools.jackson", "com.fasterxml",
            "org.springframework", "org.postgresql", "org.h2", "org.apache", "Exception", "\tat ", "SQLState",
            "SELECT ", "INSERT INTO", "UPDATE algorithm", "algorithm_models", "audit_entries", "syntax error",
            "<html", "<!doctype");

    private Envelope() {
    }

    /** Asserts the status, the JSON content type and the envelope's shape and code; returns the inner error. */
    public static JsonNode assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("content type of %s", r).startsWith("application/json");
        JsonNode error = r.json().path("error");
        assertThat(error.isObject()).as("envelope of %s", r).isTrue();
        assertThat(error.path("code").asText()).as("code of %s", r).isEqualTo(code);
        assertThat(error.path("status").asInt()).as("status field of %s", r).isEqualTo(status);
        assertThat(error.path("message").asText()).as("message of %s", r).isNotBlank();
        assertNoLeaks(r);
        return error;
    }

    /** Asserts a 4xx envelope whatever the exact status and code. */
    public static JsonNode assertClientError(Api.Response r) {
        assertThat(r.status()).as("status of %s", r).isBetween(400, 499);
        return assertError(r, r.status(), r.errorCode());
    }

    public static void assertNoLeaks(Api.Response r) {
        String lower = r.raw().toLowerCase();
        for (String leak : LEAKS) {
            assertThat(lower).as("response body must not contain '%s': %s", leak, r).doesNotContain(leak.toLowerCase());
        }
    }
}
