package dev.verdict.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What request and answer bodies promise, written into the OpenAPI document so that clients generated in other
 * languages get exact types.
 *
 * <p>A POST whose body PUT shares gets its own schema, {@code Create} + the body's name, in which the components
 * annotated {@link RequiredOnCreate} are required; the shared schema keeps them optional for PUT, which keeps what a
 * request leaves out. Bodies only POST uses mark what they need with {@code @Schema(requiredMode = REQUIRED)}.
 *
 * <p>Answers: in a schema used only by answers (never by a request body), every property of the record that the
 * server always writes is {@code required}. A record component annotated {@link Nullable} may have no value: written
 * as {@code null} it is nullable; left out when null ({@code @JsonInclude(NON_NULL)} or {@code NON_ABSENT}) it is
 * optional and never null. A component without the annotation always has a value, so it is required and not
 * nullable under any of those; one left out when empty ({@code NON_EMPTY}) is optional. The API tests check every
 * JSON answer they receive against these claims ({@code support.ApiContract}), and that a request without a
 * required property is refused ({@code BadInputApiTest}); ADR 020.
 */
final class BodyContract implements ModelConverter {

    private static final String SCHEMAS = "#/components/schemas/";

    /** Schema name → the record it was made from, collected while springdoc builds the document. */
    // Static: swagger-core keeps one converter chain per JVM, and springdoc puts only one instance of a converter
    // class in it, so with two application contexts in one JVM (tests) the registered instance may not be this
    // context's bean. The mapping from a schema name to its records is the same in every context.
    private static final Map<String, Set<Class<?>>> records = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("rawtypes")
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        String name = schema == null ? null : schema.getName() != null ? schema.getName()
                : schema.get$ref() != null && schema.get$ref().startsWith(SCHEMAS)
                ? schema.get$ref().substring(SCHEMAS.length()) : null;
        if (name != null && type.getType() != null) {
            Class<?> raw = rawClass(type.getType());
            if (raw != null && raw.isRecord() && raw.getName().startsWith("dev.verdict.")) {
                // Two records of one simple name share one schema (Exposure.ItemError, OutcomeService.ItemError):
                // the document can only promise what both write.
                records.merge(name, Set.of(raw), (a, b) -> {
                    Set<Class<?>> both = new HashSet<>(a);
                    both.addAll(b);
                    return Set.copyOf(both);
                });
            }
        }
        return schema;
    }

    /** For schemas built outside the controllers' types (the error envelope): which record made them. */
    void madeFrom(String name, Class<?> record) {
        records.merge(name, Set.of(record), (a, b) -> a);
    }

    /**
     * Gives each create its own body schema with what it needs, then marks the required and the nullable
     * properties of every answer-only schema made from a record.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    void apply(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
                || openApi.getPaths() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        createBodies(openApi, schemas);
        Set<String> requests = new HashSet<>();
        Set<String> answers = new HashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                op.getRequestBody().getContent().values().forEach(media -> collect(media.getSchema(), requests));
            }
            if (op.getResponses() != null) {
                op.getResponses().values().stream().filter(r -> r.getContent() != null)
                        .forEach(r -> r.getContent().values().forEach(media -> collect(media.getSchema(), answers)));
            }
        }));
        close(requests, schemas);
        close(answers, schemas);
        answers.removeAll(requests);
        for (String name : new TreeSet<>(answers)) {
            Schema schema = schemas.get(name);
            Set<Class<?>> made = records.getOrDefault(name, Set.of());
            if (made.isEmpty() || schema == null || schema.getProperties() == null) {
                continue;
            }
            Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
            Set<String> required = new TreeSet<>(properties.keySet());
            Set<String> nullable = new TreeSet<>();
            for (Class<?> record : made) {
                Set<String> written = new HashSet<>();
                for (RecordComponent component : record.getRecordComponents()) {
                    String json = jsonName(component);
                    if (json == null) {
                        continue;
                    }
                    boolean mayBeNull = mayBeNull(component);
                    JsonInclude.Include inclusion = inclusion(component, record);
                    if (inclusion == JsonInclude.Include.ALWAYS) {
                        written.add(json);
                        if (mayBeNull) {
                            nullable.add(json);
                        }
                    } else if ((inclusion == JsonInclude.Include.NON_NULL
                            || inclusion == JsonInclude.Include.NON_ABSENT) && !mayBeNull) {
                        written.add(json);   // left out only when null, and it never is
                    }
                }
                required.retainAll(written);
            }
            nullable.retainAll(required);
            nullable.forEach(json -> properties.put(json, orNull(properties.get(json))));
            schema.setProperties(properties);
            schema.setRequired(required.isEmpty() ? null : List.copyOf(required));
        }
    }

    /** Points each POST whose body has {@link RequiredOnCreate} components at a copy that requires them. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private void createBodies(OpenAPI openApi, Map<String, Schema> schemas) {
        openApi.getPaths().values().stream().map(item -> item.getPost())
                .filter(post -> post != null && post.getRequestBody() != null
                        && post.getRequestBody().getContent() != null)
                .flatMap(post -> post.getRequestBody().getContent().values().stream())
                .filter(media -> media.getSchema() != null && media.getSchema().get$ref() != null
                        && media.getSchema().get$ref().startsWith(SCHEMAS))
                .forEach(media -> {
                    String name = media.getSchema().get$ref().substring(SCHEMAS.length());
                    Schema body = schemas.get(name);
                    Set<String> onCreate = new TreeSet<>();
                    for (Class<?> record : records.getOrDefault(name, Set.of())) {
                        for (RecordComponent component : record.getRecordComponents()) {
                            String json = jsonName(component);
                            if (json != null && component.isAnnotationPresent(RequiredOnCreate.class)) {
                                onCreate.add(json);
                            }
                        }
                    }
                    if (body == null || onCreate.isEmpty()) {
                        return;
                    }
                    String createName = "Create" + name;
                    Schema create = new Schema<>();
                    create.setSpecVersion(body.getSpecVersion());
                    create.setTypes(body.getTypes());
                    create.setDescription(body.getDescription());
                    create.setProperties(body.getProperties());
                    Set<String> required = new TreeSet<>(onCreate);
                    if (body.getRequired() != null) {
                        required.addAll(body.getRequired());
                    }
                    create.setRequired(List.copyOf(required));
                    schemas.putIfAbsent(createName, create);
                    Schema reference = new Schema<>();
                    reference.setSpecVersion(media.getSchema().getSpecVersion());
                    reference.set$ref(SCHEMAS + createName);
                    media.setSchema(reference);
                });
    }

    /** The property as it is, or null: a type list with "null", or a choice between the reference and null. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema orNull(Schema property) {
        if (property.get$ref() == null && property.getTypes() != null && property.getAllOf() == null
                && property.getOneOf() == null && property.getAnyOf() == null) {
            Schema copy = new Schema<>();   // shared instances (the free-form object) stay as they are
            copy.setSpecVersion(property.getSpecVersion());
            Set<String> types = new LinkedHashSet<>(property.getTypes());
            types.add("null");
            copy.setTypes(types);
            copy.setFormat(property.getFormat());
            copy.setDescription(property.getDescription());
            copy.setItems(property.getItems());
            copy.setAdditionalProperties(property.getAdditionalProperties());
            if (property.getEnum() != null) {
                List<Object> values = new ArrayList<>(property.getEnum());
                values.add(null);
                copy.setEnum(values);
            }
            return copy;
        }
        Schema nothing = new Schema<>();
        nothing.setSpecVersion(property.getSpecVersion());
        nothing.addType("null");
        Schema either = new Schema<>();
        either.setSpecVersion(property.getSpecVersion());
        either.setOneOf(List.of(property, nothing));
        return either;
    }

    private static String jsonName(RecordComponent component) {
        if (annotation(component, JsonIgnore.class) != null) {
            return null;
        }
        JsonProperty property = annotation(component, JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    /**
     * Annotated {@code @Nullable}: JSpecify's in the server, or any annotation of that name (verdict-core has no
     * dependencies), on the component or on its type.
     */
    private static boolean mayBeNull(RecordComponent component) {
        return Stream.concat(Arrays.stream(component.getAnnotations()),
                        Arrays.stream(component.getAnnotatedType().getAnnotations()))
                .anyMatch(a -> a.annotationType().getSimpleName().equals(Nullable.class.getSimpleName()));
    }

    /**
     * A Jackson annotation written on a record component: Java keeps it only on the members it applies to (the
     * accessor, the field), not on the component itself.
     */
    private static <A extends Annotation> A annotation(RecordComponent component, Class<A> type) {
        A own = component.getAnnotation(type);
        return own != null ? own : component.getAccessor().getAnnotation(type);
    }

    /** When Jackson writes the component: its own {@code @JsonInclude}, else the record's, else always. */
    private static JsonInclude.Include inclusion(RecordComponent component, Class<?> record) {
        JsonInclude own = annotation(component, JsonInclude.class);
        if (own != null && own.value() != JsonInclude.Include.USE_DEFAULTS) {
            return own.value();
        }
        JsonInclude onRecord = record.getAnnotation(JsonInclude.class);
        return onRecord == null || onRecord.value() == JsonInclude.Include.USE_DEFAULTS
                ? JsonInclude.Include.ALWAYS : onRecord.value();
    }

    /** The names of the component schemas {@code schema} refers to directly or through its parts. */
    @SuppressWarnings("rawtypes")
    private static void collect(Schema schema, Set<String> into) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null && schema.get$ref().startsWith(SCHEMAS)) {
            into.add(schema.get$ref().substring(SCHEMAS.length()));
        }
        collect(schema.getItems(), into);
        if (schema.getAdditionalProperties() instanceof Schema more) {
            collect(more, into);
        }
        for (List<Schema> parts : Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (parts != null) {
                parts.forEach(part -> collect(part, into));
            }
        }
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).values().forEach(p -> collect(p, into));
        }
    }

    /**
     * The class of a type as swagger-core passes it: a {@code Class}, a parameterized type, or Jackson 2's
     * {@code JavaType} (swagger-core introspects with Jackson 2; the one place the server touches its databind,
     * ArchitectureTest).
     */
    private static Class<?> rawClass(java.lang.reflect.Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> c) {
            return c;   // PageResponse<ExperimentView>, named PageResponseExperimentView
        }
        return type instanceof JavaType javaType ? javaType.getRawClass() : null;
    }

    /** Adds every schema the named ones refer to, however deep. */
    @SuppressWarnings("rawtypes")
    private static void close(Set<String> names, Map<String, Schema> schemas) {
        List<String> todo = new ArrayList<>(names);
        while (!todo.isEmpty()) {
            Schema schema = schemas.get(todo.remove(todo.size() - 1));
            if (schema == null) {
                continue;
            }
            Set<String> found = new HashSet<>();
            collect(schema, found);
            for (String n : found) {
                if (names.add(n)) {
                    todo.add(n);
                }
            }
        }
    }
}
