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
    /**
     * Per hypothesis, the level α_i at which its confidence interval is computed so that p_i &lt; α_i holds exactly
     * when {@link #adjust} gives p_i an adjusted value below α. Sorted ascending (stably, as in {@code adjust}),
     * rank r gets α/(m − r) while every earlier rank was rejected; the first rank that is not rejected and every
     * later one get that rank's level α/(m − r). NaN counts as 1; null gives an empty array.
     *
     * <p>Rejection is decided by {@code adjust} itself, whose (m − r)·p_(r) &lt; α can round differently from
     * p_(r) &lt; α/(m − r) at an exact tie. Where they differ the level is moved by the least amount that makes them
     * agree: to the next double above p for a rejected rank, to p itself for the first rank that is not rejected
     * (later ranks have p ≥ that p, so they stay unrejected).
     *
     * @throws IllegalArgumentException when alpha is not in (0, 1]
     */
    public static double[] intervalLevels(double[] pValues, double alpha) {
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (pValues == null) {
            return new double[0];
        }
        int m = pValues.length;
        double[] clean = new double[m];
        for (int i = 0; i < m; i++) {
            double p = pValues[i];
            clean[i] = Double.isNaN(p) ? 1.0 : Math.max(0.0, Math.min(1.0, p));
        }
        double[] adjusted = adjust(clean);
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> clean[i]));
        double[] levels = new double[m];
        double failedLevel = Double.NaN;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            double p = clean[index];
            if (Double.isNaN(failedLevel)) {
                double level = alpha / (m - rank);
                if (adjusted[index] < alpha) {
                    levels[index] = p < level ? level : Math.nextUp(p);
                    continue;
                }
                failedLevel = p < level ? p : level;
            }
            levels[index] = failedLevel;
        }
        return levels;
    }
}
