package dev.verdict.auth;

import dev.verdict.web.ApiError;
import dev.verdict.web.ErrorWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** The API's security filter chain: API keys, rate limits, and the role rules of {@link AccessRules}. */
@Configuration
class SecurityConfig {

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
                .authorizeHttpRequests(a -> {
                    a.requestMatchers("/error").permitAll();
                    for (AccessRules.Rule rule : AccessRules.RULES) {
                        String[] patterns = rule.patterns().toArray(String[]::new);
                        var matched = rule.method() == null ? a.requestMatchers(patterns)
                                : a.requestMatchers(rule.method(), patterns);
                        if (rule.roles().isEmpty()) {
                            matched.authenticated();
                        } else {
                            matched.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
                        }
                    }
                    a.anyRequest().permitAll();
                });
        return http.build();
    }

    /** Requests the firewall refuses (encoded slashes, {@code ..}, NUL) get the envelope, not an HTML page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorWriter errors) {
        return (req, res, ex) -> errors.write(res, ApiError.BAD_REQUEST,
                "The request path or headers contain characters that are not allowed");
    }
}
