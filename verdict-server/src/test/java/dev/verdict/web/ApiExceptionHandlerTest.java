package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.DomainException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Mappings that no foundation endpoint reaches over HTTP yet (409 and 429 arrive with experiments and outcomes). */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    void conflictIs409WithItsCode() {
        ResponseEntity<ErrorBody> r = handler.domain(DomainException.conflict("EXPERIMENT_NOT_ACTIVE", "not active"));
        assertThat(r.getStatusCode().value()).isEqualTo(409);
        assertThat(r.getBody().error().code()).isEqualTo("EXPERIMENT_NOT_ACTIVE");
        assertThat(r.getBody().error().status()).isEqualTo(409);
        assertThat(ApiError.forStatus(409)).isEqualTo(ApiError.CONFLICT);
    }

    @Test
    void unexpectedExceptionsNeverShowTheirMessage() {
        ResponseEntity<ErrorBody> r = handler.unexpected(new IllegalStateException("SELECT * FROM secrets"));
        assertThat(r.getStatusCode().value()).isEqualTo(500);
        assertThat(r.getBody().error().code()).isEqualTo("INTERNAL_ERROR");
        assertThat(r.getBody().error().message()).doesNotContain("SELECT").doesNotContain("IllegalState");
    }
}
