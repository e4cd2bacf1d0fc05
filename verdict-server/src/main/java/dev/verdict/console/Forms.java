package dev.verdict.console;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;

/** Parsing of form fields into the numbers the services take; a malformed field is a 400 naming it. */
final class Forms {

    private Forms() {
    }

    static BigDecimal decimal(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            throw DomainException.validation(field, "must be a number");
        }
    }

    static Integer integer(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw DomainException.validation(field, "must be a whole number");
        }
    }

    static String blankToNull(String raw) {
        return raw == null || raw.isBlank() ? null : raw.trim();
    }
}
