package org.uaespark.pipeline.store;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.uaespark.data.InputValidationException;

/**
 * The Jackson mappers (Spark's copy of Jackson) of every sidecar and metrics file: {@link #mapper()} writes them
 * (sorted map keys, indented); {@link #read} reads them back into records, strictly.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectReader READER = strictReader();

    /**
     * Marks a record component of a sidecar that may be null or absent; every other component is required and
     * non-null when read back with {@link #read}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
    @JacksonAnnotationsInside
    @JsonSetter(nulls = Nulls.SET)
    public @interface Nullable {
    }

    private Json() {
    }

    /** The shared mapper that writes sidecars; configure nothing on it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }


    /**
     * Reads the JSON in {@code in} (the content of {@code file}) into the record {@code type}, strictly: a component
     * not marked {@link Nullable} that is absent or null fails, and so does a value of another JSON type (no string
     * read as a number, no number as a string, no decimal as an integer); fields the record does not declare are
     * ignored. A required field that is missing, null or of another type, or content that is not JSON, is invalid input
     * (exit 3) whose message names the file and the field.
     */
    public static <T> T read(InputStream in, Object file, Class<T> type) throws IOException {
        try {
            return READER.readValue(in, type);
        } catch (MismatchedInputException e) {
            throw InputValidationException.inFile(file, problem(e));
        } catch (JsonProcessingException e) {
            throw InputValidationException.inFile(file, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** What a failed strict read says of the field at fault, e.g. {@code field 'asr' is missing}. */
    private static String problem(MismatchedInputException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        JsonToken found = e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
        String name = "field '" + field + "'";
        if (e instanceof InvalidNullException) {
            return name + (found == JsonToken.VALUE_NULL ? " is null" : " is missing");
        }
        return name + " has the wrong type: " + describe(found) + " where "
                + (e.getTargetType() == null ? "another type" : expected(e.getTargetType())) + " is expected";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "a value";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> "a value";
        };
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        } else if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        } else if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "an integer";
        } else if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        } else if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static ObjectReader strictReader() {
        JsonMapper strict = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL))
                .build();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict.reader();
    }
}
