package dev.verdict.client;

/**
 * Customers whose locally decided assignment the server has confirmed (recorded or duplicate), so that a returning
 * customer is not reported again and again. Direct-mapped and bounded: a slot holds the last customer hashed to it,
 * so a forgotten customer is merely reported again (the server answers duplicate). Filled by the reporter thread,
 * read by callers; entries are immutable, so a racy read sees either the old or the new entry, never a mix, and a
 * lookup allocates nothing.
 */
final class RecentlyReported {

    private record Entry(String experimentId, int phase, String customerId, String variant) { }

    private final Entry[] slots;
    private final int mask;

    /** {@code capacity} is rounded up to a power of two. */
    RecentlyReported(int capacity) {
        int size = capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        slots = new Entry[size];
        mask = size - 1;
    }

    boolean contains(String experimentId, int experimentHash, int phase, String customerId, String variant) {
        Entry e = slots[slot(experimentHash, customerId)];
        return e != null && e.phase == phase && e.variant.equals(variant) && e.customerId.equals(customerId)
                && e.experimentId.equals(experimentId);
    }

    void remember(String experimentId, int phase, String customerId, String variant) {
        slots[slot(experimentId.hashCode(), customerId)] = new Entry(experimentId, phase, customerId, variant);
    }

    private int slot(int experimentHash, String customerId) {
        int h = customerId.hashCode() * 31 + experimentHash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h & mask;
    }
}
