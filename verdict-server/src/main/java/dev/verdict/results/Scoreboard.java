package dev.verdict.results;

import dev.verdict.core.BucketLayout;
import dev.verdict.assignment.UnitCount;
import dev.verdict.outcome.OutcomeCount;
import dev.verdict.stats.Stratum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A phase's counters as cells of (configuration version, variant): units, converted units, crossovers, value. Pure;
 * the results document and the promotion decision are views of it.
 */
final class Scoreboard {

    /** One stratum of one arm. Conversions never exceed units (a converted unit is a unit). */
    record Cell(long samples, long conversions, long crossovers, double value) {
        static final Cell EMPTY = new Cell(0, 0, 0, 0.0);
    }

    /** One arm over every version. */
    record Totals(long samples, long conversions, long crossovers, double value) { }

    private final Map<Integer, Map<String, Cell>> cells;

    private Scoreboard(Map<Integer, Map<String, Cell>> cells) {
        this.cells = cells;
    }

    static Scoreboard of(List<UnitCount> units, List<OutcomeCount> outcomes) {
        Map<Integer, Map<String, long[]>> raw = new TreeMap<>();
        Map<Integer, Map<String, Double>> values = new HashMap<>();
        for (UnitCount u : units) {
            long[] c = raw.computeIfAbsent(u.configVersion(), v -> new TreeMap<>())
                    .computeIfAbsent(u.variant(), v -> new long[3]);
            c[0] += u.customers();
            c[2] += u.crossovers();
        }
        for (OutcomeCount o : outcomes) {
            long[] c = raw.computeIfAbsent(o.configVersion(), v -> new TreeMap<>())
                    .computeIfAbsent(o.variant(), v -> new long[3]);
            c[1] += o.customers();
            values.computeIfAbsent(o.configVersion(), v -> new HashMap<>()).merge(o.variant(), o.valueSum(),
                    Double::sum);
        }
        Map<Integer, Map<String, Cell>> cells = new TreeMap<>();
        raw.forEach((version, byVariant) -> {
            Map<String, Cell> row = new TreeMap<>();
            byVariant.forEach((variant, c) -> row.put(variant, new Cell(c[0], Math.min(c[0], c[1]), c[2],
                    values.getOrDefault(version, Map.of()).getOrDefault(variant, 0.0))));
            cells.put(version, row);
        });
        return new Scoreboard(cells);
    }

    Set<Integer> versions() {
        return cells.keySet();
    }

    Set<String> variants() {
        Set<String> out = new TreeSet<>();
        cells.values().forEach(row -> row.forEach((variant, c) -> {
            if (c.samples() > 0) {
                out.add(variant);
            }
        }));
        return out;
    }

    Set<String> variantsOf(int version) {
        Set<String> out = new LinkedHashSet<>();
        cells.getOrDefault(version, Map.of()).forEach((variant, c) -> {
            if (c.samples() > 0) {
                out.add(variant);
            }
        });
        return out;
    }

    Cell cell(int version, String variant) {
        return cells.getOrDefault(version, Map.of()).getOrDefault(variant, Cell.EMPTY);
    }

    Totals totals(String variant) {
        long n = 0;
        long x = 0;
        long crossovers = 0;
        double value = 0;
        for (Map<String, Cell> row : cells.values()) {
            Cell c = row.getOrDefault(variant, Cell.EMPTY);
            n += c.samples();
            x += c.conversions();
            crossovers += c.crossovers();
            value += c.value();
        }
        return new Totals(n, x, crossovers, value);
    }

    /** Per version, {@code treatment} against {@code control}. */
    List<Stratum> against(String treatment, String control) {
        List<Stratum> out = new ArrayList<>();
        for (Map<String, Cell> row : cells.values()) {
            Cell t = row.getOrDefault(treatment, Cell.EMPTY);
            Cell c = row.getOrDefault(control, Cell.EMPTY);
            out.add(new Stratum(t.samples(), t.conversions(), c.samples(), c.conversions()));
        }
        return out;
    }

    /** Per version, every model-served arm pooled against the holdout. */
    List<Stratum> servedAgainstHoldout() {
        List<Stratum> out = new ArrayList<>();
        for (Map<String, Cell> row : cells.values()) {
            long n = 0;
            long x = 0;
            for (Map.Entry<String, Cell> e : row.entrySet()) {
                if (!e.getKey().equals(BucketLayout.HOLDOUT)) {
                    n += e.getValue().samples();
                    x += e.getValue().conversions();
                }
            }
            Cell h = row.getOrDefault(BucketLayout.HOLDOUT, Cell.EMPTY);
            out.add(new Stratum(n, x, h.samples(), h.conversions()));
        }
        return out;
    }
}
