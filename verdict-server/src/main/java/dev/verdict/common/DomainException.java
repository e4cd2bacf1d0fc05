package dev.verdict.common;

import java.util.List;

/**
 * A refusal by the domain. The {@link Kind} says what sort of refusal it is; only the web layer turns that into an
 * HTTP status. The code is stable and upper-case (for example {@code INVALID_TRAFFIC_SPLIT}); the message is meant
 * for the person reading the response.
 */
public class DomainException extends RuntimeException {

    /** What sort of refusal this is. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHORIZED, TOO_MANY_REQUESTS }

    /** One field that failed validation. */
    public record FieldProblem(String field, String message) { }

    private final Kind kind;
    private final String code;
    private final transient List<FieldProblem> details;

    public DomainException(Kind kind, String code, String message) {
        this(kind, code, message, List.of());
    }

    public DomainException(Kind kind, String code, String message, List<FieldProblem> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> details() {
        return details;
    }

    public static DomainException invalid(String code, String message) {
        return new DomainException(Kind.INVALID, code, message);
    }

    public static DomainException validation(String field, String message) {
        return new DomainException(Kind.INVALID, "VALIDATION_FAILED", field + ": " + message,
                List.of(new FieldProblem(field, message)));
    }

    public static DomainException notFound(String what, String id) {
        String shown = id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "…" : id;
        return new DomainException(Kind.NOT_FOUND, "NOT_FOUND", what + " " + shown + " not found");
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(Kind.CONFLICT, code, message);
    }
}
