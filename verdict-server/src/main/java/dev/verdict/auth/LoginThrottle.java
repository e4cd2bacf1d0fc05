package dev.verdict.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Failed console logins per (tenant, user name, client address): after {@code maxFailures} failures within
 * {@code window}, that pair is refused, even with the right password, until the oldest failure leaves the window.
 * Per instance (ADR 014): behind n instances an attacker gets at most n times as many guesses.
 */
final class LoginThrottle {

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> failures;

    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
    }

    /** How long until the next attempt is allowed; zero when it is allowed now. */
    Duration blockedFor(String key) {
        Deque<Instant> f = failures.getIfPresent(key);
        if (f == null) {
            return Duration.ZERO;
        }
        synchronized (f) {
            Instant now = clock.instant();
            prune(f, now);
            if (f.size() < maxFailures) {
                return Duration.ZERO;
            }
            return Duration.between(now, f.peekFirst().plus(window));
        }
    }

    void failed(String key) {
        Deque<Instant> f = failures.get(key, k -> new ArrayDeque<>());
        synchronized (f) {
            Instant now = clock.instant();
            prune(f, now);
            f.addLast(now);
        }
    }

    void succeeded(String key) {
        failures.invalidate(key);
    }

    private void prune(Deque<Instant> f, Instant now) {
        while (!f.isEmpty() && !f.peekFirst().plus(window).isAfter(now)) {
            f.removeFirst();
        }
    }
}
