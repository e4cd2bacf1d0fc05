package dev.verdict.common;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque, URL-safe, time-ordered identifiers with a type prefix, e.g. {@code exp_01JD3Q8W5T0000000000000000}:
 * 48 bits of milliseconds and 80 random bits in Crockford base 32 (the ULID layout), so ids sort by creation time.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ids() {
    }

    public static String next(String prefix, Clock clock) {
        long millis = clock.millis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randHi = random.nextLong() & 0xFFFFL;          // 16 bits
        long randLo = random.nextLong();                     // 64 bits
        char[] out = new char[26];
        // 48-bit time in the first 10 characters (50 bits, top 2 zero).
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits in the last 16 characters.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (randLo & 31)];
            randLo = (randLo >>> 5) | ((randHi & 31) << 59);
            randHi >>>= 5;
        }
        return prefix + "_" + new String(out);
    }
}
