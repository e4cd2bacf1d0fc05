package dev.verdict.stats;

import java.util.Arrays;
import java.util.Comparator;

/** Holm–Bonferroni step-down adjustment of p-values for comparing several challengers with one champion. */
public final class Holm {

    private Holm() {
    }

    /**
     * Adjusted p-values in the order given: sorted ascending, the i-th smallest (from 0) becomes
     * max over j ≤ i of (m − j)·p_(j), capped at 1 — the same arithmetic as statsmodels multipletests('holm').
     * A NaN p-value is treated as 1 (no evidence) and values are clamped to [0, 1]; null gives an empty array.
     */
    public static double[] adjust(double[] pValues) {
        if (pValues == null) {
            return new double[0];
        }
        int m = pValues.length;
        double[] clean = new double[m];
        for (int i = 0; i < m; i++) {
            double p = pValues[i];
            clean[i] = Double.isNaN(p) ? 1.0 : Math.max(0.0, Math.min(1.0, p));
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> clean[i]));
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            running = Math.max(running, Math.min(1.0, clean[index] * (m - rank)));
            adjusted[index] = running;
        }
        return adjusted;
    }
}
