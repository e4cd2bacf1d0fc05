package dev.verdict.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On first start with an empty database: tenant {@code default} and one admin key, printed once (or taken from
 * {@code VERDICT_BOOTSTRAP_ADMIN_KEY}). When several instances start at once only the one that creates the tenant
 * creates the key.
 */
@Component
@ConditionalOnProperty(name = "verdict.cli", havingValue = "false", matchIfMissing = true)
class Bootstrap implements ApplicationRunner {

    static final String DEFAULT_TENANT = "default";
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final TenantRepository tenants;
    private final ApiKeyService keys;
    private final SecurityProperties properties;
    private final java.time.Clock clock;
    private final org.springframework.core.env.Environment environment;

    Bootstrap(TenantRepository tenants, ApiKeyService keys, SecurityProperties properties, java.time.Clock clock,
              org.springframework.core.env.Environment environment) {
        this.tenants = tenants;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (tenants.count() > 0 || !tenants.createIfAbsent(DEFAULT_TENANT, "Default tenant", clock.instant())) {
            return;
        }
        String preset = properties.bootstrapAdminKey();
        boolean generated = preset == null || preset.isBlank();
        ApiKeyService.CreatedKey key = generated
                ? keys.create(DEFAULT_TENANT, "bootstrap admin", Role.ADMIN, "bootstrap")
                : keys.createWithSecret(DEFAULT_TENANT, "bootstrap admin", Role.ADMIN, preset.trim(), "bootstrap");
        if (generated) {
            // Printed on the console once, deliberately not through the logger (logs are shipped and kept).
            System.out.println("""

                    ================================================================================
                     Verdict created tenant 'default' and its first admin API key (shown only now):

                         %s

                     curl -H "Authorization: Bearer %s" http://localhost:%s/api/v1/me
                    ================================================================================
                    """.formatted(key.key(), key.key(), environment.getProperty("local.server.port", "8080")));
        } else {
            log.info("Created tenant 'default' with the admin key from VERDICT_BOOTSTRAP_ADMIN_KEY ({})",
                    key.prefix());
        }
    }
}
