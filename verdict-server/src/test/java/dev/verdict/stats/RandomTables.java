package dev.verdict.stats;

import java.util.Random;

/** Seeded count tables: arbitrary ones, and ones whose z statistic lies close to the usual critical values. */
final class RandomTables {

    private static final long[] SIZES = {1, 2, 3, 5, 10, 30, 100, 1_000, 10_000, 1_000_000, 1_000_000_000L};

    private RandomTables() {
    }

    /** {nT, xT, nC, xC}. */
    static long[] next(Random random, boolean nearBoundary) {
        long nT = size(random);
        long nC = size(random);
        long xC = conversions(random, nC);
        long xT;
        if (nearBoundary) {
            double pC = (double) xC / nC;
            double z = (random.nextBoolean() ? 1 : -1) * (1.6 + random.nextDouble() * 1.1);
            double se = Math.sqrt(Math.max(pC * (1 - pC), 1e-3) * (1.0 / nT + 1.0 / nC));
            double pT = Math.max(0.0, Math.min(1.0, pC + z * se));
            xT = Math.max(0, Math.min(nT, Math.round(pT * nT) + random.nextInt(5) - 2));
        } else {
            xT = conversions(random, nT);
        }
        return new long[] {nT, xT, nC, xC};
    }

    static long size(Random random) {
        long base = SIZES[random.nextInt(SIZES.length)];
        return random.nextInt(4) == 0 ? base : Math.max(1, base + (long) (random.nextGaussian() * base * 0.3));
    }

    static long conversions(Random random, long n) {
        switch (random.nextInt(6)) {
            case 0:
                return 0;
            case 1:
                return n;
            case 2:
                return Math.min(n, random.nextInt(3));
            default:
                double rate = Math.pow(random.nextDouble(), 1 + random.nextInt(4));
                return Math.max(0, Math.min(n, Math.round(rate * n)));
        }
    }
}
