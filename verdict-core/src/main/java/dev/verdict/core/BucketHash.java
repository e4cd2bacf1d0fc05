package dev.verdict.core;

/**
 * The reproducible bucket hash of docs/spec assignment.md: FNV-1a 32-bit over the UTF-8 bytes of
 * {@code experimentKey + ":" + customerId}, the murmur3 32-bit finaliser, then unsigned mod 10,000.
 */
public final class BucketHash {

    public static final int BUCKETS = 10_000;

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 16777619;

    private BucketHash() {
    }

    /** FNV-1a 32-bit; the result carries the unsigned value's bits (read it with {@link Integer#toUnsignedLong}). */
    public static int fnv1a32(byte[] bytes) {
        int h = FNV_OFFSET_BASIS;
        for (byte b : bytes) {
            h = step(h, b & 0xff);
        }
        return h;
    }

    /** The murmur3 32-bit finaliser (fmix32). */
    public static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The bucket, 0 to 9,999, of a customer in an experiment. */
    public static int bucket(String experimentKey, String customerId) {
        return Integer.remainderUnsigned(fmix32(fnv1a32Utf8(experimentKey, customerId)), BUCKETS);
    }

    /**
     * FNV-1a of the UTF-8 of {@code experimentKey + ":" + customerId}, encoded on the fly because this is on the hot
     * path and the concatenated String plus its byte array would be two allocations per call. A lone surrogate is
     * encoded as '?' exactly as {@link String#getBytes(java.nio.charset.Charset)} does; the ':' between the two parts
     * means a surrogate pair can never straddle them, so encoding each part on its own equals encoding the whole.
     */
    static int fnv1a32Utf8(String experimentKey, String customerId) {
        int h = utf8(FNV_OFFSET_BASIS, experimentKey);
        h = step(h, ':');
        return utf8(h, customerId);
    }

    private static int utf8(int h, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = step(h, c);
            } else if (c < 0x800) {
                h = step(h, 0xc0 | (c >>> 6));
                h = step(h, 0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = step(h, 0xf0 | (cp >>> 18));
                h = step(h, 0x80 | ((cp >>> 12) & 0x3f));
                h = step(h, 0x80 | ((cp >>> 6) & 0x3f));
                h = step(h, 0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                h = step(h, '?');
            } else {
                h = step(h, 0xe0 | (c >>> 12));
                h = step(h, 0x80 | ((c >>> 6) & 0x3f));
                h = step(h, 0x80 | (c & 0x3f));
            }
        }
        return h;
    }

    private static int step(int h, int unsignedByte) {
        return (h ^ unsignedByte) * FNV_PRIME;
    }
}
