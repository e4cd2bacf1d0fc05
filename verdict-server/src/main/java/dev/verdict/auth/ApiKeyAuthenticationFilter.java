package dev.verdict.auth;

import dev.verdict.web.ApiError;
import dev.verdict.web.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer krn_…} or {@code X-Api-Key: krn_…}. A presented key that is malformed,
 * unknown or revoked is refused here with 401; a request without a key goes on unauthenticated and the
 * authorization rules decide. Failed attempts are logged with the key's non-secret prefix only.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final ApiKeyService keys;
    private final ErrorWriter errors;

    ApiKeyAuthenticationFilter(ApiKeyService keys, ErrorWriter errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeyPrincipal> principal = ApiKeys.wellFormed(presented) ? keys.authenticate(presented)
                : Optional.empty();
        if (principal.isEmpty()) {
            log.warn("Refused API key {} for {} {}", ApiKeys.displayPrefix(presented), request.getMethod(),
                    request.getRequestURI());
            errors.write(response, ApiError.UNAUTHORIZED, "API key is missing, malformed, unknown or revoked");
            return;
        }
        ApiKeyPrincipal key = principal.get();
        String tenantHeader = request.getHeader("X-Tenant-Id");
        if (tenantHeader != null && !tenantHeader.equals(key.tenantId())) {
            errors.write(response, ApiError.FORBIDDEN, "X-Tenant-Id does not match the API key's tenant");
            return;
        }
        var auth = new UsernamePasswordAuthenticationToken(key, null,
                List.of(new SimpleGrantedAuthority(key.role().authority())));
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return authorization.substring(7).trim();
            }
            return authorization.trim().isEmpty() ? null : authorization;
        }
        String apiKey = request.getHeader("X-Api-Key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }
}
