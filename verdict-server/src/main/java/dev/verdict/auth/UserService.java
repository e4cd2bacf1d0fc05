package dev.verdict.auth;

import dev.verdict.audit.AuditLog;
import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Console users: created from the command line or by a tenant's admins, checked at login. */
@Service
public class UserService {

    /** A user as lists show it (never the hash). */
    public record UserView(String id, String username, Role role, Instant createdAt, Instant lastLoginAt) { }

    /** A created user; {@code password} is set only when it was generated, to be shown once. */
    public record CreatedUser(String id, String tenantId, String username, Role role, String password) { }

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final int MIN_PASSWORD = 12;
    /** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final TenantRepository tenants;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    /** Compared against when the user does not exist, so a wrong name costs as long as a wrong password. */
    private final String dummyHash;

    UserService(UserRepository users, TenantRepository tenants, PasswordEncoder encoder, AuditLog audit,
                Clock clock) {
        this.users = users;
        this.tenants = tenants;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.dummyHash = encoder.encode(generatePassword());
    }

    /** Creates a user; with a null password one is generated and returned once. */
    @Transactional
    public CreatedUser create(String tenantId, String username, Role role, String password, String actor) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw DomainException.validation("username", "must be 1-64 characters of letters, digits, '.', '_', '@', '-'");
        }
        if (role == null) {
            throw DomainException.validation("role", "must be one of admin, editor, viewer");
        }
        boolean generated = password == null;
        String secret = generated ? generatePassword() : password;
        checkPassword(secret);
        if (!tenants.exists(tenantId)) {
            throw DomainException.notFound("Tenant", tenantId);
        }
        String id = Ids.next("usr", clock);
        try {
            users.insert(tenantId, id, username, role, encoder.encode(secret), Timestamps.millis(clock.instant()));
        } catch (DuplicateKeyException e) {
            throw DomainException.invalid("DUPLICATE_USERNAME", "A user named '" + username + "' already exists");
        }
        audit.record(tenantId, actor, "user.created", "user", id, null, new UserAudit(id, username, role.wire()));
        return new CreatedUser(id, tenantId, username, role, generated ? secret : null);
    }

    /** Whether any tenant has a console user. */
    @Transactional(readOnly = true)
    public boolean anyExists() {
        return users.anyExists();
    }

    @Transactional(readOnly = true)
    public List<UserView> list(String tenantId) {
        return users.all(tenantId).stream().map(u -> new UserView(u.id(), u.username(), u.role(), u.createdAt(),
                u.lastLoginAt())).toList();
    }

    /**
     * Deletes a user and ends its open sessions on every instance; the tenant's last admin stays, so nobody locks a
     * tenant out of its console.
     */
    @Transactional
    public void delete(String tenantId, String id, String actor) {
        UserRepository.StoredUser u = users.find(tenantId, id).orElseThrow(() -> DomainException.notFound("User", id));
        if (u.role() == Role.ADMIN && users.countAdmins(tenantId) <= 1) {
            throw DomainException.invalid("LAST_ADMIN", "The tenant's last admin user cannot be deleted");
        }
        users.delete(tenantId, id);
        users.endSessions(tenantId, u.username());
        audit.record(tenantId, actor, "user.deleted", "user", id, new UserAudit(id, u.username(), u.role().wire()),
                null);
    }

    /** The user when the password matches; empty otherwise (unknown tenant or name included, at the same cost). */
    @Transactional
    public Optional<ConsoleUser> authenticate(String tenantId, String username, String password) {
        Optional<UserRepository.StoredUser> found = tenantId == null || username == null ? Optional.empty()
                : users.findByName(tenantId, username);
        String presented = password == null ? "" : password;
        if (found.isEmpty()) {
            encoder.matches(presented, dummyHash);
            return Optional.empty();
        }
        UserRepository.StoredUser u = found.get();
        if (!encoder.matches(presented, u.passwordHash())) {
            return Optional.empty();
        }
        users.loggedIn(tenantId, u.id(), Timestamps.millis(clock.instant()));
        return Optional.of(new ConsoleUser(tenantId, u.id(), u.username(), u.role()));
    }

    static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void checkPassword(String password) {
        if (password.length() < MIN_PASSWORD || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw DomainException.validation("password", "must be at least " + MIN_PASSWORD
                    + " characters and at most " + MAX_PASSWORD_BYTES + " bytes");
        }
    }

    private record UserAudit(String id, String username, String role) { }
}
