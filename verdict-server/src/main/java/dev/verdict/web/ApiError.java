package dev.verdict.web;

/** Generic error codes and their statuses; features add specific codes through {@code DomainException}. */
public enum ApiError {
    BAD_REQUEST(400),
    VALIDATION_FAILED(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ApiError(int status) {
        this.status = status;
    }

    /** The generic error, and so the status, of a domain exception's kind (the API and the console agree). */
    public static ApiError of(dev.verdict.common.DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> BAD_REQUEST;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case FORBIDDEN -> FORBIDDEN;
            case UNAUTHORIZED -> UNAUTHORIZED;
            case TOO_MANY_REQUESTS -> RATE_LIMITED;
        };
    }

    public int status() {
        return status;
    }

    public String code() {
        return name();
    }

    static ApiError forStatus(int status) {
        for (ApiError e : values()) {
            if (e.status == status && e != VALIDATION_FAILED) {
                return e;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}
