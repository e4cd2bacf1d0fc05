package dev.verdict.auth;

import dev.verdict.web.ApiError;
import dev.verdict.web.ErrorWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The one place that says which role may call what. Reads: any authenticated key. Writes to experiments,
 * assignments, outcomes and algorithm models: admin or editor. API keys, the audit log and webhooks: admin.
 */
@Configuration
class SecurityConfig {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String EDITOR = Role.EDITOR.name();

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeyService keys, ErrorWriter errors,
                            RateLimitProperties rateLimit) throws Exception {
        ApiKeyAuthenticationFilter authentication = new ApiKeyAuthenticationFilter(keys, errors);
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .anonymous(a -> a.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(authentication, AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimit, errors), ApiKeyAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> errors.write(res, ApiError.UNAUTHORIZED,
                                "An API key is required: Authorization: Bearer <key> or X-Api-Key: <key>"))
                        .accessDeniedHandler((req, res, ex) -> errors.write(res, ApiError.FORBIDDEN,
                                "This key's role may not do this")))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/audit-logs", "/api/v1/audit-logs/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .requestMatchers(HttpMethod.HEAD, "/api/**").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/v1/experiments/power-calculator").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/v1/experiments/*/promotion/evaluate").authenticated()
                        .requestMatchers("/api/**").hasAnyRole(ADMIN, EDITOR)
                        .anyRequest().permitAll());
        return http.build();
    }

    /** Requests the firewall refuses (encoded slashes, {@code ..}, NUL) get the envelope, not an HTML page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorWriter errors) {
        return (req, res, ex) -> errors.write(res, ApiError.BAD_REQUEST,
                "The request path or headers contain characters that are not allowed");
    }
}
