package dev.verdict.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a key may do: admin (everything), editor (write experiments and models), viewer (read). */
public enum Role {
    ADMIN, EDITOR, VIEWER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.wire().equals(value)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of admin, editor, viewer");
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
