package dev.verdict.auth;

import dev.verdict.web.RoleRestrictions;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * Which role may call what, as one ordered table (first match wins): the security configuration enforces it and the
 * OpenAPI document reads it. Reads: any authenticated key. Writes to experiments, assignments, outcomes and
 * algorithm models: admin or editor. API keys, the audit log and webhooks: admin.
 */
@Component
class AccessRules implements RoleRestrictions {

    /** A rule: the method (null: any) and path patterns it covers, and the roles allowed (empty: any role). */
    record Rule(HttpMethod method, List<String> patterns, List<Role> roles) { }

    private static final List<Role> ANY = List.of();
    private static final List<Role> ADMIN = List.of(Role.ADMIN);
    private static final List<Role> WRITERS = List.of(Role.ADMIN, Role.EDITOR);

    static final List<Rule> RULES = List.of(
            new Rule(null, List.of("/api/v1/api-keys", "/api/v1/api-keys/**"), ADMIN),
            new Rule(null, List.of("/api/v1/audit-logs", "/api/v1/audit-logs/**"), ADMIN),
            new Rule(null, List.of("/api/v1/webhooks", "/api/v1/webhooks/**"), ADMIN),
            new Rule(HttpMethod.GET, List.of("/api/**"), ANY),
            new Rule(HttpMethod.HEAD, List.of("/api/**"), ANY),
            new Rule(HttpMethod.POST, List.of("/api/v1/experiments/power-calculator"), ANY),
            new Rule(HttpMethod.POST, List.of("/api/v1/experiments/*/promotion/evaluate"), ANY),
            new Rule(null, List.of("/api/**"), WRITERS));

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    @Override
    public boolean restricted(String method, String path) {
        String concrete = path.replaceAll("\\{[^/}]+}", "x");
        for (Rule rule : RULES) {
            if ((rule.method() == null || rule.method().name().equals(method))
                    && rule.patterns().stream().anyMatch(p -> MATCHER.match(p, concrete))) {
                return !rule.roles().isEmpty();
            }
        }
        return false;
    }
}
