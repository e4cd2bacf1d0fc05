package dev.verdict.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On first start with an empty database: tenant {@code default} and one admin key, printed once (or taken from
 * {@code VERDICT_BOOTSTRAP_ADMIN_KEY}). When several instances start at once only the one that creates the tenant
 * creates the key. While no console user exists at all (a new database, or the first start after the console
 * arrived), tenant {@code default} gets the admin user {@code admin}, its password printed once (or taken from
 * {@code VERDICT_BOOTSTRAP_ADMIN_PASSWORD}).
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

    private final UserService users;
    private final ConsoleSecurityProperties console;
    private final TransactionTemplate transactions;

    Bootstrap(TenantRepository tenants, ApiKeyService keys, SecurityProperties properties, java.time.Clock clock,
              org.springframework.core.env.Environment environment, UserService users,
              ConsoleSecurityProperties console, TransactionTemplate transactions) {
        this.users = users;
        this.console = console;
        this.transactions = transactions;
        this.tenants = tenants;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(t -> createKey());
        // Its own transaction: a name taken by another instance starting at the same moment only skips this step.
        createUser();
    }

    private void createUser() {
        if (!tenants.exists(DEFAULT_TENANT) || users.anyExists()) {
            return;
        }
        String preset = console.bootstrapAdminPassword();
        boolean generated = preset == null || preset.isBlank();
        UserService.CreatedUser user;
        try {
            user = users.create(DEFAULT_TENANT, "admin", Role.ADMIN, generated ? null : preset, "bootstrap");
        } catch (dev.verdict.common.DomainException e) {
            if ("DUPLICATE_USERNAME".equals(e.code())) {
                return; // another instance created it a moment ago
            }
            throw e;
        }
        String url = "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/console";
        if (generated) {
            System.out.println("""

                    ================================================================================
                     Verdict created the console user 'admin' of tenant 'default' (password shown only now):

                         %s

                     Log in at %s (tenant: default, user: admin)
                    ================================================================================
                    """.formatted(user.password(), url));
        } else {
            log.info("Created console user 'admin' of tenant 'default' with the password from "
                    + "VERDICT_BOOTSTRAP_ADMIN_PASSWORD; log in at {}", url);
        }
    }

    private void createKey() {
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
