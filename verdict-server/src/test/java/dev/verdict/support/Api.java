package dev.verdict.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for API tests: raw bodies in, status, headers and parsed JSON out. */
public final class Api {

    public static final String BOOTSTRAP_KEY = "krn_bootstrapbootstrapbootstrapbootstrap000";

    static {
        TestSecrets.record(BOOTSTRAP_KEY);
        TestSecrets.record(TestSecrets.PEPPER);
    }
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String key;
    private final Map<String, String> headers;

    public Api(int port, String key) {
        this(port, key, Map.of());
    }

    private Api(int port, String key, Map<String, String> headers) {
        this.base = "http://localhost:" + port;
        this.key = key;
        this.headers = headers;
        TestSecrets.recordKeysIn(key);
        headers.values().forEach(TestSecrets::recordKeysIn);
    }

    public int port() {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    public Api as(String otherKey) {
        return new Api(port(), otherKey, headers);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Api(port(), key, copy);
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    /** Sends a body as given: a String or byte[] verbatim, anything else serialised as JSON. */
    public Response send(String method, String path, Object body, String contentType) {
        byte[] bytes;
        if (body == null) {
            bytes = null;
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = JSON.writeValueAsBytes(body);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (contentType != null && bytes != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String raw = new String(response.body(), StandardCharsets.UTF_8);
            // Keys created over the API (POST /api-keys) are secrets too: record them for LogHygieneIT.
            TestSecrets.recordKeysIn(raw);
            ApiContract.committed().check(method, path, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), raw);
            return new Response(response.statusCode(), response.headers().map(), raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP response. */
    public record Response(int status, Map<String, java.util.List<String>> headers, String raw) {

        public JsonNode json() {
            return raw.isEmpty() ? JSON.nullNode() : JSON.readTree(raw);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public static JsonMapper json() {
        return JSON;
    }
}
