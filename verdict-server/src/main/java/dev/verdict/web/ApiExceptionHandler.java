package dev.verdict.web;

import dev.verdict.common.DomainException;
import dev.verdict.common.DomainException.FieldProblem;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every exception that reaches Spring MVC into the error envelope. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ErrorBody> domain(DomainException e) {
        ApiError kind = ApiError.of(e.kind());
        return respond(kind.status(), e.code(), e.getMessage(), e.details());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalidBody(MethodArgumentNotValidException e) {
        List<FieldProblem> details = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            details.add(new FieldProblem(fe.getField(), fe.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(ge -> details.add(new FieldProblem(ge.getObjectName(), ge.getDefaultMessage())));
        return validationFailed(details);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ErrorBody> invalidParameters(HandlerMethodValidationException e) {
        List<FieldProblem> details = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            r.getResolvableErrors().forEach(err -> details.add(new FieldProblem(name, err.getDefaultMessage())));
        });
        return validationFailed(details);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ErrorBody> constraintViolation(ConstraintViolationException e) {
        List<FieldProblem> details = e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return validationFailed(details);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private ResponseEntity<ErrorBody> validationFailed(List<FieldProblem> details) {
        List<FieldProblem> sorted = details.stream()
                .sorted((a, b) -> a.field().compareTo(b.field())).toList();
        String message = sorted.isEmpty() ? "Request is invalid" : sorted.stream()
                .map(d -> d.field() + " " + d.message()).collect(Collectors.joining("; "));
        return respond(400, ApiError.VALIDATION_FAILED.code(), message, sorted);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return respond(413, ApiError.PAYLOAD_TOO_LARGE.code(), tooLarge.getMessage(), List.of());
            }
            if (t instanceof Utf8Validator.InvalidUtf8Exception) {
                return respond(400, ApiError.BAD_REQUEST.code(), "Request body is not valid UTF-8", List.of());
            }
        }
        if (cause instanceof StreamConstraintsException sce) {
            return respond(400, ApiError.BAD_REQUEST.code(),
                    "Request body exceeds a JSON limit: " + sce.getOriginalMessage(), List.of());
        }
        if (cause instanceof UnrecognizedPropertyException upe) {
            return fieldProblem(upe, "is not a known field");
        }
        if (cause instanceof InvalidFormatException ife) {
            if (ife.getValue() instanceof String text && text.indexOf(0) >= 0) {
                return fieldProblem(ife, "must not contain NUL characters");
            }
            return fieldProblem(ife, "has an invalid value" + describeTarget(ife.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mie) {
            if (mie.getPath().isEmpty()) {
                return respond(400, ApiError.BAD_REQUEST.code(),
                        "Request body must be a JSON object" + describeTarget(mie.getTargetType()), List.of());
            }
            return fieldProblem(mie, "has the wrong JSON type" + describeTarget(mie.getTargetType()));
        }
        if (cause instanceof DatabindException de && !de.getPath().isEmpty()) {
            return fieldProblem(de, "is invalid");
        }
        if (cause instanceof StreamReadException sre) {
            return respond(400, ApiError.BAD_REQUEST.code(), "Malformed JSON: " + clean(sre.getOriginalMessage()),
                    List.of());
        }
        if (cause instanceof JacksonException je) {
            return respond(400, ApiError.BAD_REQUEST.code(), "Malformed JSON: " + clean(je.getOriginalMessage()),
                    List.of());
        }
        if (cause instanceof java.io.CharConversionException || cause instanceof java.nio.charset.CharacterCodingException) {
            return respond(400, ApiError.BAD_REQUEST.code(), "Request body is not valid UTF-8", List.of());
        }
        return respond(400, ApiError.BAD_REQUEST.code(), "Request body is missing or is not readable JSON", List.of());
    }

    private ResponseEntity<ErrorBody> fieldProblem(DatabindException e, String problem) {
        String field = JsonPaths.describe(e.getPath());
        return respond(400, ApiError.VALIDATION_FAILED.code(), field + " " + problem,
                List.of(new FieldProblem(field, problem)));
    }

    private static String describeTarget(Class<?> target) {
        if (target == null) {
            return "";
        }
        if (Number.class.isAssignableFrom(target) || target == int.class || target == long.class
                || target == double.class) {
            return " (expected a number)";
        }
        if (target == Boolean.class || target == boolean.class) {
            return " (expected true or false)";
        }
        if (target == String.class || target.isEnum()) {
            return " (expected a string)";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return " (expected an array)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(target)) {
            return " (expected an ISO-8601 timestamp)";
        }
        return " (expected an object)";
    }

    /** Jackson messages may quote Java type names; keep the first sentence and strip anything type-like. */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String m = message.replaceAll("`[^`]*`", "value").replaceAll("\\s+", " ");
        int cut = m.indexOf(" at [Source");
        if (cut > 0) {
            m = m.substring(0, cut);
        }
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(415, ApiError.UNSUPPORTED_MEDIA_TYPE.code(),
                "Content-Type must be application/json", List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(406, ApiError.NOT_ACCEPTABLE.code(), "Responses are application/json", List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(405);
        if (e.getSupportedHttpMethods() != null) {
            builder.allow(e.getSupportedHttpMethods().toArray(org.springframework.http.HttpMethod[]::new));
        }
        return builder.body(body(405, ApiError.METHOD_NOT_ALLOWED.code(),
                "Method " + e.getMethod() + " is not allowed here", List.of()));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ErrorBody> noRoute(Exception e) {
        return respond(404, ApiError.NOT_FOUND.code(), "No such resource", List.of());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return respond(400, ApiError.VALIDATION_FAILED.code(), e.getParameterName() + " is required",
                List.of(new FieldProblem(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException e) {
        return respond(400, ApiError.BAD_REQUEST.code(), "Header " + e.getHeaderName() + " is required", List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(400, ApiError.VALIDATION_FAILED.code(), e.getName() + " has an invalid value",
                List.of(new FieldProblem(e.getName(), "has an invalid value")));
    }

    @ExceptionHandler(ServletRequestBindingException.class)
    ResponseEntity<ErrorBody> binding(ServletRequestBindingException e) {
        return respond(400, ApiError.BAD_REQUEST.code(), "Request could not be bound", List.of());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorBody> tooLarge(MaxUploadSizeExceededException e) {
        return respond(413, ApiError.PAYLOAD_TOO_LARGE.code(), "Request body is too large", List.of());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ErrorBody> tooLarge(PayloadTooLargeException e) {
        return respond(413, ApiError.PAYLOAD_TOO_LARGE.code(), e.getMessage(), List.of());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ErrorBody> denied(AccessDeniedException e) {
        return respond(403, ApiError.FORBIDDEN.code(), "This key's role may not do this", List.of());
    }

    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.dao.TransientDataAccessException.class, dev.verdict.common.WriteUnavailableException.class})
    ResponseEntity<ErrorBody> unavailable(Exception e) {
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        log.error("Storage unavailable handling request {}", requestId, e);
        return ResponseEntity.status(503).header("Retry-After", "1").body(new ErrorBody(new ErrorBody.Error(
                ApiError.SERVICE_UNAVAILABLE.code(), "Storage is unavailable; retry with the same idempotency key",
                503, List.of(), requestId)));
    }

    /** The client went away mid-response: nothing to answer, and nothing wrong with the service. */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void clientGone(Exception e) {
        log.debug("Client disconnected: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.catalina.connector.ClientAbortException")) {
                log.debug("Client disconnected: {}", t.getMessage());
                return null;
            }
        }
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        log.error("Unexpected error handling request {}", requestId, e);
        return ResponseEntity.status(500).body(new ErrorBody(new ErrorBody.Error(ApiError.INTERNAL_ERROR.code(),
                "An unexpected error occurred; quote request id " + requestId, 500, List.of(), requestId)));
    }

    private static ResponseEntity<ErrorBody> respond(int status, String code, String message,
                                                     List<FieldProblem> details) {
        return ResponseEntity.status(status).body(body(status, code, message, details));
    }

    private static ErrorBody body(int status, String code, String message, List<FieldProblem> details) {
        return new ErrorBody(new ErrorBody.Error(code, message, status, details, null));
    }
}
