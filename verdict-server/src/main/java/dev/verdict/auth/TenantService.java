package dev.verdict.auth;

import dev.verdict.common.DomainException;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenant administration for the command line (and tests): tenants are not managed over the API. */
@Service
public class TenantService {

    private final TenantRepository tenants;
    private final ApiKeyService keys;
    private final Clock clock;

    TenantService(TenantRepository tenants, ApiKeyService keys, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
    }

    /** Creates a tenant and its first admin key. */
    @Transactional
    public ApiKeyService.CreatedKey createWithAdminKey(String tenantId, String name) {
        if (!tenants.createIfAbsent(tenantId, name, clock.instant())) {
            throw DomainException.invalid("DUPLICATE_KEY", "Tenant " + tenantId + " already exists");
        }
        return keys.create(tenantId, "first admin", Role.ADMIN, "cli");
    }
}
