package dev.verdict.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of min(max, base·2^(n-1)), so
 * receivers that failed together do not get their retries together.
 */
final class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    Duration after(int attempt) {
        long ceiling = max.toMillis();
        long delay = base.toMillis();
        for (int i = 1; i < attempt && delay < ceiling; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, ceiling);
        long half = delay / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
