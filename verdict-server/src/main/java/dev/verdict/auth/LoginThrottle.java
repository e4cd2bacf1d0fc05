package dev.verdict.auth;

import dev.verdict.common.Ids;
import dev.verdict.common.RetentionProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed console logins per (tenant, user name, client address), in the database so that every instance counts
 * the same failures: after {@code maxFailures} failures within {@code window}, that triple is refused, even with
 * the right password, until enough failures have left the window. A success clears the triple's failures. Only a
 * SHA-256 digest of the triple is stored.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final RetentionProperties retention;

    LoginThrottle(JdbcClient jdbc, ConsoleSecurityProperties properties, Clock clock, RetentionProperties retention) {
        if (properties.maxFailedLogins() < 1) {
            throw new IllegalArgumentException("verdict.console.max-failed-logins must be at least 1");
        }
        this.jdbc = jdbc;
        this.maxFailures = properties.maxFailedLogins();
        this.window = properties.failedLoginWindow();
        this.clock = clock;
        this.retention = retention;
    }

    /** How long until the next attempt is allowed; zero when it is allowed now. */
    Duration blockedFor(String tenant, String name, String address) {
        Instant now = clock.instant();
        List<Instant> recent = jdbc.sql("SELECT failed_at FROM login_failures WHERE throttle_key = ? AND failed_at > ? "
                        + "ORDER BY failed_at")
                .params(key(tenant, name, address), Timestamp.from(now.minus(window)))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).list();
        if (recent.size() < maxFailures) {
            return Duration.ZERO;
        }
        // Allowed again once fewer than maxFailures remain: two instances may both have recorded a failure.
        Duration left = Duration.between(now, recent.get(recent.size() - maxFailures).plus(window));
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    void failed(String tenant, String name, String address) {
        jdbc.sql("INSERT INTO login_failures (id, throttle_key, failed_at) VALUES (?, ?, ?)")
                .params(Ids.next("lgf", clock), key(tenant, name, address), Timestamp.from(clock.instant()))
                .update();
    }

    void succeeded(String tenant, String name, String address) {
        jdbc.sql("DELETE FROM login_failures WHERE throttle_key = ?").param(key(tenant, name, address)).update();
    }

    /** Deletes failures that no longer count at {@code now}; returns how many. */
    long purge(Instant now) {
        Timestamp before = Timestamp.from(now.minus(window));
        return retention.deleteInBatches(() -> jdbc.sql("DELETE FROM login_failures WHERE id IN (SELECT id FROM "
                + "login_failures WHERE failed_at <= ? LIMIT ?)").params(before, retention.batch()).update());
    }

    private static String key(String tenant, String name, String address) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {tenant, name, address}) {
                byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha.update(bytes);   // length-prefixed: ("a|b", "c") and ("a", "b|c") differ
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
