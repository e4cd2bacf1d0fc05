package dev.verdict.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's own filter chain, ahead of the stateless API chain: form login for users (never API keys), a
 * session stored in the database, CSRF tokens on every form, and the same role rules as the API. Pages: any
 * role; writes: admin or editor; keys, users and the audit log: admin.
 */
@Configuration
class ConsoleSecurityConfig {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String EDITOR = Role.EDITOR.name();
    static final String DEFAULT_TENANT = "default";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, UserService users, LoginThrottle throttle) throws Exception {
        http.securityMatcher("/console", "/console/**")
                .authenticationProvider(new UserAuthenticationProvider(users, throttle))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.loginPage("/console/login")
                        .loginProcessingUrl("/console/login")
                        .authenticationDetailsSource(LoginDetails::of)
                        .defaultSuccessUrl("/console/experiments")
                        .failureHandler((req, res, ex) -> res.sendRedirect(req.getContextPath()
                                + (ex instanceof LockedException ? "/console/login?locked" : "/console/login?error")))
                        .permitAll())
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; "
                        + "script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")))
                .exceptionHandling(e -> e.accessDeniedPage("/console/forbidden"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login", "/console/assets/**").permitAll()
                        .requestMatchers("/console/forbidden").permitAll()
                        .requestMatchers("/console/keys", "/console/keys/**").hasRole(ADMIN)
                        .requestMatchers("/console/users", "/console/users/**").hasRole(ADMIN)
                        .requestMatchers("/console/audit", "/console/audit/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**").authenticated()
                        .anyRequest().hasAnyRole(ADMIN, EDITOR));
        return http.build();
    }

    /** The tenant field of the login form and the client address, kept with the authentication. */
    record LoginDetails(String tenant, String remoteAddress) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        static LoginDetails of(HttpServletRequest request) {
            String tenant = request.getParameter("tenant");
            return new LoginDetails(tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant.trim(),
                    request.getRemoteAddr());
        }
    }

    /** Checks tenant, user name and password, refusing a (tenant, name, address) that failed too often. */
    private record UserAuthenticationProvider(UserService users, LoginThrottle throttle)
            implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            LoginDetails details = authentication.getDetails() instanceof LoginDetails d ? d
                    : new LoginDetails(DEFAULT_TENANT, "unknown");
            String name = authentication.getName();
            Duration blocked = throttle.blockedFor(details.tenant(), name, details.remoteAddress());
            if (!blocked.isZero()) {
                throw new LockedException("Too many failed logins: try again in "
                        + Math.max(1, blocked.toMinutes()) + " minutes");
            }
            Object credentials = authentication.getCredentials();
            Optional<ConsoleUser> user = users.authenticate(details.tenant(), name,
                    credentials == null ? null : credentials.toString());
            if (user.isEmpty()) {
                throttle.failed(details.tenant(), name, details.remoteAddress());
                throw new BadCredentialsException("Wrong tenant, user name or password");
            }
            throttle.succeeded(details.tenant(), name, details.remoteAddress());
            UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(
                    user.get(), null, List.of(new SimpleGrantedAuthority(user.get().role().authority())));
            result.setDetails(details);
            return result;
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
