package dev.verdict.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.audit.AuditLog;
import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, lists, revokes and authenticates API keys. */
@Service
public class ApiKeyService {

    /** A key as listed: never the secret. */
    public record ApiKeyView(String id, String name, Role role, String prefix, Instant createdAt,
                             @Nullable Instant lastUsedAt) { }

    /** A key just created: the only time the plaintext is returned. */
    public record CreatedKey(String id, String name, Role role, String prefix, String tenantId, Instant createdAt,
                             String key) { }

    /** What the audit log records of a key. */
    record KeyAudit(String id, String name, String role, String prefix) { }

    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final KeyDigester digester;
    private final AuditLog audit;
    private final CursorCodec cursors;
    private final Clock clock;
    private final Cache<String, Optional<ApiKeyPrincipal>> cache;
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

    public ApiKeyService(ApiKeyRepository keys, TenantRepository tenants, KeyDigester digester, AuditLog audit,
                         CursorCodec cursors, Clock clock, SecurityProperties properties) {
        this.keys = keys;
        this.tenants = tenants;
        this.digester = digester;
        this.audit = audit;
        this.cursors = cursors;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.keyCacheTtl()).maximumSize(100_000).build();
    }

    @Transactional
    public CreatedKey create(String tenantId, String name, Role role, String actor) {
        return createWithSecret(tenantId, name, role, ApiKeys.generate(), actor);
    }

    @Transactional
    public CreatedKey createWithSecret(String tenantId, String name, Role role, String secret, String actor) {
        if (!ApiKeys.wellFormed(secret)) {
            throw DomainException.validation("key", "must be krn_ followed by 32 to 128 URL-safe characters");
        }
        if (!tenants.exists(tenantId)) {
            throw DomainException.notFound("Tenant", tenantId);
        }
        Instant now = Timestamps.millis(clock.instant());
        String id = Ids.next("key", clock);
        String prefix = ApiKeys.displayPrefix(secret);
        keys.insert(tenantId, id, name, role, prefix, digester.digest(secret), now);
        audit.record(tenantId, actor, "api_key.created", "api_key", id, null,
                new KeyAudit(id, name, role.wire(), prefix));
        return new CreatedKey(id, name, role, prefix, tenantId, now, secret);
    }

    @Transactional(readOnly = true)
    public PageResponse<ApiKeyView> list(String tenantId, String limit, String cursor) {
        String scope = "keys|" + tenantId;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        return PageResponse.of(keys.page(tenantId, page.after(), page.fetchSize()), page, keys.count(tenantId),
                ApiKeyService::view, k -> new Keyset(k.createdAt(), k.id()), cursors, scope);
    }

    @Transactional
    public void revoke(String tenantId, String id, String actor) {
        ApiKeyRepository.StoredKey key = keys.find(tenantId, id)
                .orElseThrow(() -> DomainException.notFound("API key", id));
        if (!keys.revoke(tenantId, id, clock.instant())) {
            throw DomainException.notFound("API key", id);
        }
        audit.record(tenantId, actor, "api_key.revoked", "api_key", id,
                new KeyAudit(id, key.name(), key.role().wire(), key.prefix()), null);
        cache.asMap().values().removeIf(p -> p.isPresent() && p.get().keyId().equals(id));
    }

    /** The principal for a presented key, or empty when it is unknown or revoked. Cached for the configured TTL. */
    public Optional<ApiKeyPrincipal> authenticate(String presented) {
        String digest = digester.digest(presented);
        Optional<ApiKeyPrincipal> principal = cache.get(digest, d -> keys.findActiveByDigest(d)
                .map(k -> new ApiKeyPrincipal(k.tenantId(), k.id(), k.role(), k.prefix())));
        principal.ifPresent(this::touch);
        return principal;
    }

    private void touch(ApiKeyPrincipal principal) {
        Instant now = clock.instant();
        Instant last = lastTouched.get(principal.keyId());
        if (last == null || Duration.between(last, now).compareTo(TOUCH_INTERVAL) >= 0) {
            lastTouched.put(principal.keyId(), now);
            keys.touch(principal.tenantId(), principal.keyId(), Timestamps.millis(now));
        }
    }

    private static ApiKeyView view(ApiKeyRepository.StoredKey k) {
        return new ApiKeyView(k.id(), k.name(), k.role(), k.prefix(), k.createdAt(), k.lastUsedAt());
    }
}
