package dev.verdict.web;

import dev.verdict.common.Timestamps;
import java.time.Instant;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON rules of the API: timestamps as ISO-8601 UTC with milliseconds; strict types (no string-to-number or
 * number-to-boolean coercion, no floats into integers); no NUL characters in strings.
 */
@Configuration
public class JacksonConfig {

    /** Strings as usual, except that a NUL character (JSON {@code \\u0000}) is an invalid value. */
    static final class NulRejectingStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf(0) >= 0) {
                throw InvalidFormatException.from(p, "must not contain NUL characters", value, String.class);
            }
            return value;
        }
    }

    @Bean
    JsonMapperBuilderCustomizer verdictJson() {
        return builder -> {
            SimpleModule module = new SimpleModule("verdict-time");
            module.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                @Override
                public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
                    gen.writeString(Timestamps.format(value));
                }
            });
            // PostgreSQL cannot store NUL in text: refuse it while parsing (400 naming the field), not at the INSERT (500).
            module.addDeserializer(String.class, new NulRejectingStringDeserializer());
            builder.addModule(module)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .withCoercionConfig(LogicalType.Integer, c -> c
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                    .withCoercionConfig(LogicalType.Float, c -> c
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                    .withCoercionConfig(LogicalType.Boolean, c -> c
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                    .withCoercionConfig(LogicalType.Textual, c -> c
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        };
    }
}
