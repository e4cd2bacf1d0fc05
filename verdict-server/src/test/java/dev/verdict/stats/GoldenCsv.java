package dev.verdict.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reads the golden CSVs written by src/test/resources/stats/generate_golden.py and compares numbers to them. */
final class GoldenCsv {

    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE_FOR_ZERO = 1e-12;

    private GoldenCsv() {
    }

    static List<Map<String, String>> rows(String name) {
        InputStream in = GoldenCsv.class.getResourceAsStream("/stats/" + name);
        assertThat(in).as("golden file %s on the test classpath", name).isNotNull();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = split(reader.readLine());
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
                }
                rows.add(row);
            }
            assertThat(rows).as("rows in %s", name).isNotEmpty();
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    static long longOf(Map<String, String> row, String column) {
        return Long.parseLong(row.get(column));
    }

    static double doubleOf(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    static double[] doubles(String joined) {
        String[] parts = joined.split(";");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    /** Strata written as nT:xT:nC:xC;nT:xT:nC:xC. */
    static List<Stratum> strata(String joined) {
        List<Stratum> strata = new ArrayList<>();
        for (String part : joined.split(";")) {
            String[] c = part.split(":");
            strata.add(new Stratum(Long.parseLong(c[0]), Long.parseLong(c[1]), Long.parseLong(c[2]),
                    Long.parseLong(c[3])));
        }
        return strata;
    }

    /** Relative error at most 1e-9, or absolute 1e-9 where the reference is below 1 in size (sums that cancel). */
    static void assertCloseNearZero(Double actual, double expected, String what) {
        if (Math.abs(expected) < 1.0) {
            assertThat(actual).as(what).isNotNull();
            assertThat(actual).as("%s: expected %s", what, expected).isCloseTo(expected, within(RELATIVE));
            return;
        }
        assertClose(actual, expected, what);
    }

    /** Relative error at most 1e-9, or absolute 1e-12 where the reference is exactly 0. */
    static void assertClose(Double actual, double expected, String what) {
        assertThat(actual).as(what).isNotNull();
        if (expected == 0.0) {
            assertThat(actual).as(what).isCloseTo(0.0, within(ABSOLUTE_FOR_ZERO));
            return;
        }
        double relative = Math.abs(actual - expected) / Math.abs(expected);
        assertThat(relative).as("%s: actual %s, expected %s, relative error", what, actual, expected)
                .isLessThanOrEqualTo(RELATIVE);
    }
}
