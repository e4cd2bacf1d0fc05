package dev.verdict.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.web.ApiError;
import dev.verdict.web.ErrorBody;
import dev.verdict.web.ErrorWriter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** 429 {@code RATE_LIMITED} with {@code Retry-After} once a key has used up its bucket. */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties properties;
    private final ErrorWriter errors;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000).build();

    RateLimitFilter(RateLimitProperties properties, ErrorWriter errors) {
        this.properties = properties;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!properties.enabled() || auth == null || !(auth.getPrincipal() instanceof ApiKeyPrincipal key)) {
            chain.doFilter(request, response);
            return;
        }
        Bucket bucket = buckets.get(key.keyId(), id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(properties.burst())
                        .refillGreedy(properties.requestsPerSecond(), Duration.ofSeconds(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        response.setHeader("Retry-After", Long.toString(seconds));
        errors.write(response, new ErrorBody(new ErrorBody.Error(ApiError.RATE_LIMITED.code(),
                "Rate limit of " + properties.requestsPerSecond() + " requests per second exceeded; retry after "
                        + seconds + " s", 429, List.of(), null)));
    }
}
