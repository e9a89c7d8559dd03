package dev.podbench.events;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A contract enum: serialized as its lowercase wire {@link #value()} (e.g. {@code "idle-warning"},
 * {@code "changes_requested"}), never as the Java constant name. Within a contract version the set of
 * values is closed: a consumer rejects a value it does not know.
 */
public interface WireEnum {

    /** The JSON value of this constant. */
    @JsonValue
    String value();

    /** The constant of {@code type} whose wire value is {@code value}. */
    static <E extends Enum<E> & WireEnum> E fromValue(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.value().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " '" + value + "', expected one of "
                + Arrays.stream(type.getEnumConstants()).map(WireEnum::value).collect(Collectors.joining(", ")));
    }

    /** The wire values of {@code type} as a person reads a choice: {@code "a, b or c"}. */
    static String choices(Class<? extends WireEnum> type) {
        List<String> values = Arrays.stream(type.getEnumConstants()).map(WireEnum::value).toList();
        return values.size() < 2 ? String.join("", values)
                : String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }
}
