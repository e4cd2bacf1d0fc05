package dev.verdict.auth;

import java.io.Serial;
import java.io.Serializable;

/**
 * A person logged in to the console: tenant, user id, name and role. Stored in the session (Java serialisation,
 * shared by every instance through the database), so it stays a small serialisable record.
 */
public record ConsoleUser(String tenantId, String userId, String username, Role role) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How the user appears in audit entries and promotion records. */
    public String actor() {
        return userId;
    }

    /** The session's principal name (Spring Session indexes it): tenant/user name. */
    @Override
    public String toString() {
        return tenantId + "/" + username;
    }

    public boolean canWrite() {
        return role == Role.ADMIN || role == Role.EDITOR;
    }
}
