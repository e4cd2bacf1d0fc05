package dev.verdict.client;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bounded queue of locally decided assignments waiting to be reported: a lock-free ring buffer (Dmitry Vyukov's
 * bounded multi-producer queue) over parallel arrays that hold references to objects that already exist (the
 * compiled experiment, the precomputed answer, the caller's customer id) and the time as a primitive, so an offer
 * allocates nothing and never waits for another thread's lock. When the queue holds {@code capacity} entries, an
 * offer first takes out the oldest one and reports it as dropped.
 *
 * <p>Each slot has a sequence number: a producer claims position {@code p} by moving the tail from {@code p} to
 * {@code p + 1} when the slot's sequence is {@code p}, writes the fields, then publishes sequence {@code p + 1}; a
 * consumer (the reporter, or a producer dropping the oldest) claims it by moving the head when the sequence is
 * {@code p + 1}, reads, then frees the slot for the next lap with sequence {@code p + slots}. The plain field writes
 * are ordered by those sequence stores and loads. The head and the tail sit on cache lines of their own, since
 * producers write the one and the reporter the other. Drops are counted by the caller (from what {@link #offer}
 * returns) in a striped counter rather than here, so a full queue does not add a third contended word.
 */
final class ExposureQueue {

    /** An entry taken out of the queue, for the reporter. */
    record Entry(CompiledExperiment experiment, AssignmentResult answer, String customerId, long assignedAtMillis) { }

    private final CompiledExperiment[] experiments;
    private final AssignmentResult[] answers;
    private final String[] customerIds;
    private final long[] times;
    private final AtomicLongArray sequences;
    private final int mask;
    private final int capacity;
    /** The head (next to take) and the tail (next to fill), 128 bytes apart: no false sharing between them. */
    private final AtomicLongArray positions = new AtomicLongArray(32);
    private static final int HEAD = 7;
    private static final int TAIL = 23;

    ExposureQueue(int capacity) {
        if (capacity < 1 || capacity > 1 << 29) {
            throw new IllegalArgumentException("capacity must be 1 to 2^29, got " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
        this.mask = slots - 1;
        experiments = new CompiledExperiment[slots];
        answers = new AssignmentResult[slots];
        customerIds = new String[slots];
        times = new long[slots];
        sequences = new AtomicLongArray(slots);
        for (int i = 0; i < slots; i++) {
            sequences.set(i, i);
        }
    }

    /**
     * Appends an entry, dropping the oldest first when the queue is full. Returns about how many entries are queued
     * afterwards or, when entries were dropped to make room, minus how many (more than one when other producers
     * refilled the room first), so the caller counts drops without a second call. Lock-free; allocates nothing.
     */
    int offer(CompiledExperiment experiment, AssignmentResult answer, String customerId, long assignedAtMillis) {
        int drops = 0;
        while (true) {
            long pos = positions.get(TAIL);
            if (pos - positions.get(HEAD) >= capacity) {
                if (discardOldest()) {
                    drops++;
                }
                continue;
            }
            int slot = (int) pos & mask;
            long sequence = sequences.get(slot);
            if (sequence == pos) {
                if (positions.compareAndSet(TAIL, pos, pos + 1)) {
                    experiments[slot] = experiment;
                    answers[slot] = answer;
                    customerIds[slot] = customerId;
                    times[slot] = assignedAtMillis;
                    sequences.lazySet(slot, pos + 1);
                    // The size is never negative: a drainer may already have taken this entry and more, moving the
                    // head past pos + 1, and a negative answer would read as drops.
                    return drops > 0 ? -drops
                            : (int) Math.max(0, Math.min(pos + 1 - positions.get(HEAD), capacity));
                }
            } else if (sequence < pos) {
                Thread.onSpinWait();   // the slot's previous entry is being read out: a few instructions away
            }
            // else another producer took this position: try the next one
        }
    }

    /** Takes up to {@code max} of the oldest entries, in the order they were offered. */
    Entry[] drain(int max) {
        int n = (int) Math.min(max, Math.max(0, positions.get(TAIL) - positions.get(HEAD)));
        Entry[] out = new Entry[n];
        int taken = 0;
        while (taken < n) {
            long pos = positions.get(HEAD);
            int slot = (int) pos & mask;
            long sequence = sequences.get(slot);
            if (sequence == pos + 1) {
                if (positions.compareAndSet(HEAD, pos, pos + 1)) {
                    CompiledExperiment experiment = experiments[slot];
                    AssignmentResult answer = answers[slot];
                    String customerId = customerIds[slot];
                    long time = times[slot];
                    release(slot, pos);   // before allocating: a failure here must not leave the slot claimed
                    out[taken++] = new Entry(experiment, answer, customerId, time);
                }
            } else if (sequence < pos + 1) {
                break;   // empty, or its producer has not published yet: the rest waits for the next drain
            }
        }
        if (taken < n) {
            Entry[] shorter = new Entry[taken];
            System.arraycopy(out, 0, shorter, 0, taken);
            return shorter;
        }
        return out;
    }

    /** About how many entries are queued (exact when no offer or drain runs at the same time). */
    int size() {
        long size = positions.get(TAIL) - positions.get(HEAD);
        return (int) Math.max(0, Math.min(size, capacity));
    }

    int capacity() {
        return capacity;
    }

    /** Takes the oldest entry out; false when there was none ready to take. */
    private boolean discardOldest() {
        while (true) {
            long pos = positions.get(HEAD);
            int slot = (int) pos & mask;
            long sequence = sequences.get(slot);
            if (sequence == pos + 1) {
                if (positions.compareAndSet(HEAD, pos, pos + 1)) {
                    release(slot, pos);
                    return true;
                }
            } else if (sequence < pos + 1) {
                Thread.onSpinWait();   // its producer is between claiming and publishing
                return false;
            }
        }
    }

    private void release(int slot, long pos) {
        experiments[slot] = null;
        answers[slot] = null;
        customerIds[slot] = null;
        sequences.lazySet(slot, pos + mask + 1);
    }
}
