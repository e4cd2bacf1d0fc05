package dev.verdict.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.DomainException.FieldProblem;
import java.util.List;

/** The error envelope: {@code {"error": {"code", "message", "status", "details"?, "requestId"?}}}. */
public record ErrorBody(Error error) {

    /** The inside of the envelope. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Error(String code, String message, int status, List<FieldProblem> details, String requestId) { }

    public static ErrorBody of(ApiError kind, String message) {
        return new ErrorBody(new Error(kind.code(), message, kind.status(), List.of(), null));
    }
}
