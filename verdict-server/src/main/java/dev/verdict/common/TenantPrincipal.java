package dev.verdict.common;

/**
 * The authenticated caller as features other than auth see it: the tenant it acts for. Lets a feature that auth
 * itself depends on (the audit log) read the caller without depending on auth.
 */
public interface TenantPrincipal {

    String tenantId();
}
