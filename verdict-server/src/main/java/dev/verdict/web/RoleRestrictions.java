package dev.verdict.web;

/**
 * Whether only some roles may call an operation, so the OpenAPI document lists 403 exactly where it can happen.
 * The security configuration implements it from the same rules it enforces.
 */
public interface RoleRestrictions {

    /** {@code path} is an OpenAPI path template ({@code /api/v1/experiments/{id}}); {@code method} is upper case. */
    boolean restricted(String method, String path);
}
