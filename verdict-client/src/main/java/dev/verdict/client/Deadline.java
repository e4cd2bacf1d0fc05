package dev.verdict.client;

/** A point on the {@link System#nanoTime()} scale, or none. */
final class Deadline {

    static final Deadline NONE = new Deadline(0, false);

    private final long nanos;
    private final boolean bounded;

    private Deadline(long nanos, boolean bounded) {
        this.nanos = nanos;
        this.bounded = bounded;
    }

    static Deadline in(java.time.Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos(), true);
    }

    boolean passed() {
        return bounded && System.nanoTime() - nanos >= 0;
    }

    /** Nanoseconds left (Long.MAX_VALUE when unbounded, 0 when passed). */
    long remainingNanos() {
        return bounded ? Math.max(0, nanos - System.nanoTime()) : Long.MAX_VALUE;
    }
}
