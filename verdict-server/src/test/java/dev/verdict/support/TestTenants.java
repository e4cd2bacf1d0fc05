package dev.verdict.support;

import dev.verdict.auth.ApiKeyService;
import dev.verdict.auth.Role;
import dev.verdict.auth.TenantService;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh tenants with keys of each role, so tests never depend on each other's data. */
public final class TestTenants {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** The keys of one new tenant. */
    public record Tenant(String id, String admin, String editor, String viewer) { }

    private TestTenants() {
    }

    public static Tenant create(TenantService tenants, ApiKeyService keys) {
        String id = "t" + System.nanoTime() % 100_000_000 + "-" + SEQ.incrementAndGet();
        String admin = tenants.createWithAdminKey(id, "Test tenant " + id).key();
        String editor = keys.create(id, "editor", Role.EDITOR, "test").key();
        String viewer = keys.create(id, "viewer", Role.VIEWER, "test").key();
        TestSecrets.record(admin);
        TestSecrets.record(editor);
        TestSecrets.record(viewer);
        return new Tenant(id, admin, editor, viewer);
    }
}
