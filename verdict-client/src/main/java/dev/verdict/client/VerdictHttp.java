package dev.verdict.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.verdict.core.SdkConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The three calls the client makes, over the JDK HTTP client with Jackson 2: the configuration feed, one
 * assignment, and a batch of exposures. Statuses other than the expected ones become {@link ServerError}s; the API
 * key is sent in the Authorization header and never appears in a message.
 */
final class VerdictHttp {

    /** The feed: 304 (body null) or 200 with the raw body, kept for the bootstrap file. */
    record ConfigResponse(boolean notModified, byte[] body) { }

    /** The parts of the server's assignment answer the client uses. */
    record ServerAssignment(String variant, String modelId, String modelKey, boolean controlGroup, Instant expiresAt,
                            int phase, boolean recorded) { }

    /** One reported exposure, as the exposures endpoint reads it. */
    record ExposureItem(String customerId, String variant, int configVersion, Instant assignedAt) { }

    /** The server's verdict on one reported item. */
    record ItemResult(int index, String status, String storedVariant, ItemError error) { }

    /** Why the server refused an item. */
    record ItemError(String code, String message) { }

    record ExposureBatch(List<ExposureItem> exposures) { }

    record ExposureBatchResult(List<ItemResult> data) { }

    record AssignRequest(String customerId) { }

    /** A non-2xx answer: the status and, when the body was the error envelope, its code and message. */
    static final class ServerError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ServerError(int status, String message) {
            super(message);
            this.status = status;
        }

        /** Worth trying again later: throttled, unavailable, or a server error. */
        boolean retriable() {
            return status == 408 || status == 425 || status == 429 || status >= 500;
        }
    }

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final String USER_AGENT = "verdict-client-java";
    private static final int MAX_ERROR_BODY = 300;

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration requestTimeout;

    VerdictHttp(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout) {
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.authorization = "Bearer " + apiKey;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    ConfigResponse fetchConfig(String etag) throws IOException, InterruptedException, ServerError {
        HttpRequest.Builder request = request("/api/v1/sdk/config", requestTimeout).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 304) {
            return new ConfigResponse(true, null);
        }
        requireOk(response);
        return new ConfigResponse(false, response.body());
    }

    static SdkConfig parseConfig(byte[] body) throws IOException {
        SdkConfig config = JSON.readValue(body, SdkConfig.class);
        if (config == null || config.experiments() == null) {
            throw new IOException("the configuration feed has no experiments list");
        }
        return config;
    }

    ServerAssignment assign(String experimentId, String customerId, Duration timeout)
            throws IOException, InterruptedException, ServerError {
        HttpRequest request = request("/api/v1/experiments/" + segment(experimentId) + "/assignments", timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(new AssignRequest(customerId))))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        requireOk(response);
        ServerAssignment a = JSON.readValue(response.body(), ServerAssignment.class);
        if (a == null || a.variant() == null) {
            throw new IOException("the assignment answer has no variant");
        }
        return a;
    }

    List<ItemResult> report(String experimentId, List<ExposureItem> items)
            throws IOException, InterruptedException, ServerError {
        HttpRequest request = request("/api/v1/experiments/" + segment(experimentId) + "/exposures", requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(new ExposureBatch(items))))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        requireOk(response);
        ExposureBatchResult result = JSON.readValue(response.body(), ExposureBatchResult.class);
        if (result == null || result.data() == null || result.data().size() != items.size()) {
            throw new IOException("the exposures answer does not list one result per item");
        }
        return result.data();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void requireOk(HttpResponse<byte[]> response) throws ServerError {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        throw new ServerError(status, "HTTP " + status + describe(response.body()));
    }

    /** The error envelope's code and message, or the start of a body that is not one. */
    private static String describe(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject()) {
                return " " + error.path("code").asText() + ": " + error.path("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return ": " + (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text);
    }
}
