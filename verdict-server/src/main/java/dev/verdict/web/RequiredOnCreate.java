package dev.verdict.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A property of a request body that POST (create) needs and PUT (update) may leave out, on a body the two share. The
 * OpenAPI document gives the POST its own schema, {@code Create} + the body's name, with these properties required
 * ({@link BodyContract}, ADR 020).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface RequiredOnCreate {
}
