package dev.verdict.console;

import dev.verdict.common.DomainException;
import dev.verdict.web.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The console's errors as pages with the same statuses as the API's envelope: another tenant's object is a 404,
 * bad input a 400 that says what is wrong.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    @ExceptionHandler(DomainException.class)
    String domain(DomainException e, HttpServletResponse response, Model model) {
        ApiError kind = ApiError.of(e.kind());
        return page(response, model, kind.status(), e.getMessage());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            IllegalArgumentException.class})
    String badInput(Exception e, HttpServletResponse response, Model model) {
        String message = e instanceof MissingServletRequestParameterException m
                ? "The form field '" + m.getParameterName() + "' is required"
                : e instanceof IllegalArgumentException ? e.getMessage() : "A form field has the wrong format";
        return page(response, model, 400, message);
    }

    static String page(HttpServletResponse response, Model model, int status, String message) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return "console/error";
    }
}
