package dev.verdict.audit;

import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit entries inside the caller's transaction, so an entry exists exactly when the change it describes
 * was committed. Entries of one tenant form a chain: each hash covers the previous hash and the entry's content.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private final AuditRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    public AuditLog(AuditRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records one change. {@code before} and {@code after} are any serialisable objects (or null); they must never
     * hold secrets.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String tenantId, String actor, String action, String entityType, String entityId,
                       Object before, Object after) {
        AuditRepository.Head head = repository.lockHead(tenantId);
        long seq = head.seq() + 1;
        Instant at = Timestamps.millis(clock.instant());
        AuditEntry entry = new AuditEntry(tenantId, seq, Ids.next("aud", clock), action, entityType, entityId, actor,
                before == null ? null : json.writeValueAsString(before),
                after == null ? null : json.writeValueAsString(after), at, head.hash(), null);
        AuditEntry hashed = entry.withHash(hash(entry));
        repository.insert(hashed);
        repository.moveHead(tenantId, seq, hashed.hash());
    }

    /** SHA-256 over the previous hash and the canonical content (a JSON array of the fields in a fixed order). */
    String hash(AuditEntry e) {
        Object[] canonical = {e.seq(), e.id(), e.action(), e.entityType(), e.entityId(), e.actor(),
                Timestamps.format(e.at()), e.beforeJson(), e.afterJson()};
        String content = json.writeValueAsString(Arrays.asList(canonical));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(e.prevHash().getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
