package dev.verdict.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors raised outside Spring MVC (the servlet container, the security firewall) in the same envelope,
 * replacing Boot's default error page.
 */
@RestController
public class FallbackErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.ALL_VALUE)
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (status < 400) {
            status = 500;
        }
        ApiError kind = ApiError.forStatus(status);
        String message = switch (kind) {
            case NOT_FOUND -> "No such resource";
            case PAYLOAD_TOO_LARGE -> "Request body is too large";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case BAD_REQUEST -> "The request could not be understood";
            case INTERNAL_ERROR -> "An unexpected error occurred";
            default -> kind.code().replace('_', ' ').toLowerCase();
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .body(new ErrorBody(new ErrorBody.Error(kind.code(), message, status, java.util.List.of(), null)));
    }
}
