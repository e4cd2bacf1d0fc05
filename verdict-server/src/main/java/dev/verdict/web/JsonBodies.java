package dev.verdict.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body and writes a JSON response for the hot-path handlers (single assignment, single
 * outcome), with the same rules and the same exceptions as Spring MVC's {@code @RequestBody} and
 * {@code @ResponseBody} handling, so {@link ApiExceptionHandler} answers bad input exactly as for every other
 * endpoint: 415 for a body that is not JSON, 406 when the client does not accept JSON, 400 for a missing, malformed
 * or mistyped body. It skips MVC's per-request converter selection and content negotiation, and answers with a
 * {@code Content-Length} instead of a flushed, chunked body (ADR 007: about a tenth of a write request's CPU).
 */
@Component
public class JsonBodies {

    private static final List<MediaType> READABLE = List.of(MediaType.APPLICATION_JSON,
            new MediaType("application", "*+json"));

    private final JsonMapper json;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    public JsonBodies(JsonMapper json) {
        this.json = json;
    }

    /**
     * The body as {@code type}; a missing body (or JSON {@code null}) is unreadable, as for a required body. Checks
     * first that the client accepts a JSON answer, so a request that would end in 406 changes nothing.
     */
    public <T> T read(HttpServletRequest request, Class<T> type)
            throws HttpMediaTypeNotSupportedException, HttpMediaTypeNotAcceptableException {
        checkAcceptsJson(request);
        MediaType contentType = contentType(request);
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading the request body", e,
                    new ServletServerHttpRequest(request));
        }
        if (body.length == 0) {
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        if (contentType == null) {
            // as MVC: no Content-Type is fine for an empty body (reported as missing), not for a body
            throw new HttpMediaTypeNotSupportedException(null, READABLE, HttpMethod.POST);
        }
        ObjectReader reader = readers.computeIfAbsent(type, json::readerFor);
        T value;
        try {
            Charset charset = contentType.getCharset();
            value = charset == null || StandardCharsets.UTF_8.equals(charset) ? reader.readValue(body)
                    : reader.readValue(new String(body, charset));
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                    new ServletServerHttpRequest(request));
        }
        if (value == null) {
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        return value;
    }

    /** Writes {@code body} as {@code application/json} with its length (the request was checked by {@link #read}). */
    public void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The request's JSON media type, or null when it has none; 415 for any other type. */
    private static MediaType contentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String header = request.getContentType();
        if (header == null || header.isEmpty()) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage(), READABLE);
        }
        for (MediaType readable : READABLE) {
            if (readable.includes(type)) {
                return type;
            }
        }
        throw new HttpMediaTypeNotSupportedException(type, READABLE, HttpMethod.POST);
    }

    private static void checkAcceptsJson(HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isEmpty() || "*/*".equals(accept)
                || MediaType.APPLICATION_JSON_VALUE.equals(accept)) {
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("Could not parse 'Accept' header: " + e.getMessage());
        }
        for (MediaType type : accepted) {
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
    }
}
