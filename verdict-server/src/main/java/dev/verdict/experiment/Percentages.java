package dev.verdict.experiment;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;

/** Percentages are exact decimals from 0 to 100 with at most two decimal places (assignment works in 0.01%). */
final class Percentages {

    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Percentages() {
    }

    static BigDecimal check(String field, BigDecimal value) {
        if (value == null) {
            throw DomainException.validation(field, "is required");
        }
        if (value.compareTo(BigDecimal.ZERO) < 0 || value.compareTo(HUNDRED) > 0) {
            throw DomainException.validation(field, "must be a number from 0 to 100");
        }
        BigDecimal normal = normal(value);
        if (normal.scale() > 2) {
            throw DomainException.validation(field, "must have at most two decimal places");
        }
        return normal;
    }

    /** Plain, without trailing zeros: 80.00 → 80, 33.30 → 33.3. */
    static BigDecimal normal(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
