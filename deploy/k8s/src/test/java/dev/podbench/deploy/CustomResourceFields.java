package dev.podbench.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Strict checking of custom resources that have no Java model (CloudNativePG, the Keycloak operator): the fields a
 * kind may have, written down in {@code custom-resource-fields/<group>_<version>_<Kind>.yaml} (the format is
 * described there). Every field of a resource must be listed with a value of the listed type.
 */
final class CustomResourceFields {

    private static final Set<String> SCALARS = Set.of("string", "integer", "boolean", "quantity");

    private final Map<?, ?> schema;

    private CustomResourceFields(Map<?, ?> schema) {
        this.schema = schema;
    }

    /** The listed fields of {@code apiVersion}/{@code kind}, or empty when the kind has none listed. */
    static Optional<CustomResourceFields> of(String apiVersion, String kind) {
        String name = "/custom-resource-fields/" + apiVersion.replace('/', '_') + "_" + kind + ".yaml";
        try (InputStream in = CustomResourceFields.class.getResourceAsStream(name)) {
            return in == null ? Optional.empty()
                    : Optional.of(new CustomResourceFields(Serialization.unmarshal(in, Map.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of {@code fields} (a resource without apiVersion, kind and metadata), each with its path. */
    List<String> problems(Map<String, Object> fields) {
        List<String> problems = new ArrayList<>();
        check(schema, fields, "", problems);
        return problems;
    }

    private static void check(Object expected, Object actual, String path, List<String> problems) {
        if (expected instanceof Map<?, ?> object) {
            if (!(actual instanceof Map<?, ?> fields)) {
                problems.add(path + ": expected an object, found " + describe(actual));
                return;
            }
            fields.forEach((key, value) -> {
                Object fieldSchema = object.containsKey(key) ? object.get(key) : object.get("*");
                if (fieldSchema == null) {
                    problems.add(path + "." + key + ": unknown field");
                } else {
                    check(fieldSchema, value, path + "." + key, problems);
                }
            });
        } else if (expected instanceof List<?> list && list.size() == 1
                && (list.get(0) instanceof Map || SCALARS.contains(list.get(0)))) {
            if (!(actual instanceof List<?> items)) {
                problems.add(path + ": expected a list, found " + describe(actual));
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                check(list.get(0), items.get(i), path + "[" + i + "]", problems);
            }
        } else if (expected instanceof List<?> words) {
            if (!words.contains(actual)) {
                problems.add(path + ": " + describe(actual) + " is not one of " + words);
            }
        } else if (!hasType((String) expected, actual)) {
            problems.add(path + ": expected " + expected + ", found " + describe(actual));
        }
    }

    private static boolean hasType(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "boolean" -> value instanceof Boolean;
            case "quantity" -> (value instanceof String || value instanceof Integer) && isQuantity(value.toString());
            default -> throw new IllegalStateException("unknown type in a custom-resource-fields file: " + type);
        };
    }

    private static boolean isQuantity(String value) {
        try {
            Quantity.getAmountInBytes(new Quantity(value));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
