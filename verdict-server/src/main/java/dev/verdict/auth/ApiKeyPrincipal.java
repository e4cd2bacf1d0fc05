package dev.verdict.auth;

/** The authenticated caller: a key, its tenant and its role. */
public record ApiKeyPrincipal(String tenantId, String keyId, Role role, String prefix)
        implements dev.verdict.common.TenantPrincipal {

    /** How the caller appears in audit entries and promotion records. */
    public String actor() {
        return keyId;
    }
}
