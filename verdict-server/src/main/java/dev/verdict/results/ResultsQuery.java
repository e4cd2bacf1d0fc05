package dev.verdict.results;

import dev.verdict.common.DomainException;
import java.util.regex.Pattern;

/**
 * The validated query of /results; nulls mean "use the default". {@code alpha} is 1 − confidence computed in
 * decimal, so a confidence of 0.95 gives exactly 0.05 (binary 1 − 0.95 is 0.050000000000000044).
 */
public record ResultsQuery(String outcome, double confidence, double alpha, Double mde, Double baselineRate,
                           double power, long minSamples, Integer phase) {

    private static final Pattern OUTCOME = Pattern.compile("[a-z0-9_]{1,64}");

    public static ResultsQuery parse(String outcome, String confidence, String mde, String baselineRate,
                                     String power, String minSamples, String phase) {
        String o = outcome == null ? "conversion" : outcome;
        if (!OUTCOME.matcher(o).matches()) {
            throw DomainException.validation("outcome", "must be 1-64 characters of a-z, 0-9 and _");
        }
        double c = number("confidence", confidence, 0.95, 0.80, 0.999, true);
        double alpha = java.math.BigDecimal.ONE.subtract(decimal("confidence", confidence, "0.95")).doubleValue();
        Double m = mde == null ? null : number("mde", mde, 0, 0, 1, false);
        if (m != null && m <= 0) {
            throw DomainException.validation("mde", "must be greater than 0 and below 1");
        }
        Double b = baselineRate == null ? null : number("baselineRate", baselineRate, 0, 0, 1, false);
        if (b != null && (b <= 0 || b >= 1)) {
            throw DomainException.validation("baselineRate", "must be greater than 0 and below 1");
        }
        double p = number("power", power, 0.8, 0.5, 0.99, true);
        long ms = integer("minSamples", minSamples, 50, 1, 1_000_000_000L);
        Integer ph = phase == null ? null : (int) integer("phase", phase, 1, 1, 1_000_000);
        return new ResultsQuery(o, c, alpha, m, b, p, ms, ph);
    }

    private static double number(String field, String raw, double fallback, double min, double max,
                                 boolean inclusive) {
        if (raw == null) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw DomainException.validation(field, "must be a number");
        }
        if (!Double.isFinite(v) || v < min || v > max || (!inclusive && (v == min || v == max))) {
            throw DomainException.validation(field, "must be between " + min + " and " + max);
        }
        return v;
    }

    private static java.math.BigDecimal decimal(String field, String raw, String fallback) {
        try {
            return new java.math.BigDecimal(raw == null ? fallback : raw.trim());
        } catch (NumberFormatException e) {
            throw DomainException.validation(field, "must be a decimal number");
        }
    }

    private static long integer(String field, String raw, long fallback, long min, long max) {
        if (raw == null) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw DomainException.validation(field, "must be an integer");
        }
        if (v < min || v > max) {
            throw DomainException.validation(field, "must be an integer from " + min + " to " + max);
        }
        return v;
    }
}
