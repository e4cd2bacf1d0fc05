package dev.verdict.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes the error envelope directly to a servlet response, for filters that run before Spring MVC. */
@Component
public class ErrorWriter {

    private final JsonMapper json;

    public ErrorWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ApiError kind, String message) throws IOException {
        write(response, ErrorBody.of(kind, message));
    }

    public void write(HttpServletResponse response, ErrorBody body) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(body.error().status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(json.writeValueAsBytes(body));
        response.flushBuffer();
    }
}
