package org.uaespark.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a JSON document against the subset of JSON Schema the project's {@code data-schemas/*.schema.json}
 * documents use: {@code type} (one or a list), {@code required}, {@code properties}, {@code additionalProperties},
 * {@code items}, {@code minimum} and local {@code $ref}s ({@code #/$defs/...}). Returns every violation with its JSON
 * pointer.
 */
public final class JsonSchemaCheck {
    private JsonSchemaCheck() {
    }

    /** The violations of {@code document} against {@code schema}; empty when it conforms. */
    public static List<String> violations(JsonNode schema, JsonNode document) {
        List<String> out = new ArrayList<>();
        check(schema, schema, document, "", out);
        return out;
    }

    private static void check(JsonNode root, JsonNode schema, JsonNode node, String pointer, List<String> out) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references are supported: " + ref);
            }
            schema = root.at(ref.substring(1));
            if (schema.isMissingNode()) {
                throw new IllegalArgumentException("unresolved reference " + ref);
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, node)) {
            out.add(pointer + ": expected " + type + ", found " + node.getNodeType());
            return;
        }
        if (schema.has("minimum") && node.isNumber() && node.asDouble() < schema.get("minimum").asDouble()) {
            out.add(pointer + ": " + node.asDouble() + " < minimum " + schema.get("minimum"));
        }
        if (node.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!node.has(required.asText())) {
                    out.add(pointer + ": missing required property " + required.asText());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode sub = schema.path("properties").get(field.getKey());
                if (sub == null) {
                    sub = schema.get("additionalProperties");
                }
                if (sub != null && sub.isObject()) {
                    check(root, sub, field.getValue(), pointer + "/" + field.getKey(), out);
                }
            }
        }
        if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                check(root, schema.get("items"), node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode node) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, node)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "null" -> node.isNull();
            default -> false;
        };
    }
}
