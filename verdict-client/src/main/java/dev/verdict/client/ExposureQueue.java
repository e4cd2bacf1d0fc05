package dev.verdict.client;

/**
 * The bounded queue of locally decided assignments waiting to be reported: a ring buffer of parallel arrays that
 * hold references to objects that already exist (the compiled experiment, the precomputed answer, the caller's
 * customer id)
 * and the time as a primitive, so an offer allocates nothing. When full, an offer overwrites the oldest entry and
 * counts it as dropped. Offers and drains hold the monitor only to copy a few references; nothing ever waits for
 * space.
 */
final class ExposureQueue {

    /** An entry taken out of the queue, for the reporter. */
    record Entry(CompiledExperiment experiment, AssignmentResult answer, String customerId, long assignedAtMillis) { }

    private final CompiledExperiment[] experiments;
    private final AssignmentResult[] answers;
    private final String[] customerIds;
    private final long[] times;
    private final int capacity;
    private int head;
    private int size;
    private long dropped;

    ExposureQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        experiments = new CompiledExperiment[capacity];
        answers = new AssignmentResult[capacity];
        customerIds = new String[capacity];
        times = new long[capacity];
    }

    /**
     * Appends an entry, overwriting the oldest when full. Returns the number of entries queued afterwards, negated
     * when the oldest was dropped to make room (so the caller can count the drop without a second call).
     */
    synchronized int offer(CompiledExperiment experiment, AssignmentResult answer, String customerId, long assignedAtMillis) {
        boolean overwrote = false;
        int slot;
        if (size == capacity) {
            slot = head;
            head = next(head);
            dropped++;
            overwrote = true;
        } else {
            slot = head + size;
            if (slot >= capacity) {
                slot -= capacity;
            }
            size++;
        }
        experiments[slot] = experiment;
        answers[slot] = answer;
        customerIds[slot] = customerId;
        times[slot] = assignedAtMillis;
        return overwrote ? -size : size;
    }

    /** Takes up to {@code max} of the oldest entries, in the order they were offered. */
    synchronized Entry[] drain(int max) {
        int n = Math.min(max, size);
        Entry[] out = new Entry[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Entry(experiments[head], answers[head], customerIds[head], times[head]);
            experiments[head] = null;
            answers[head] = null;
            customerIds[head] = null;
            head = next(head);
        }
        size -= n;
        return out;
    }

    synchronized int size() {
        return size;
    }

    /** Entries overwritten since the queue was created. */
    synchronized long dropped() {
        return dropped;
    }

    int capacity() {
        return capacity;
    }

    private int next(int i) {
        return i + 1 == capacity ? 0 : i + 1;
    }
}
