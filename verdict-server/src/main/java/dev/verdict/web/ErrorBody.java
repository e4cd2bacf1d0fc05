package dev.verdict.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.DomainException.FieldProblem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The error envelope: {@code {"error": {"code", "message", "status", "details"?, "requestId"?}}}. */
public record ErrorBody(Error error) {

    /** The inside of the envelope; {@code details} and {@code requestId} only when they have something to say. */
    public record Error(String code, String message, int status,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldProblem> details,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable String requestId) { }

    public static ErrorBody of(ApiError kind, String message) {
        return new ErrorBody(new Error(kind.code(), message, kind.status(), List.of(), null));
    }
}
